/**
 * @module The `genesys` program: registers the commands and turns errors into output.
 */
import { Command } from 'commander';
import { benchCommand } from './commands/bench-design.js';
import { checkCommand } from './commands/check.js';
import { configCommand } from './commands/config.js';
import { dataCommand } from './commands/data.js';
import { doctorCommand } from './commands/doctor.js';
import { evolveCommand } from './commands/evolve.js';
import { exportCommand } from './commands/export.js';
import { initCommand } from './commands/init.js';
import { libraryCommand } from './commands/library.js';
import { importCommand } from './commands/import.js';
import { nodeCommand } from './commands/node.js';
import { nodesCommand } from './commands/nodes.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { unitsCommand } from './commands/units.js';
import { verifyCommand } from './commands/verify.js';
import { handleError } from './handle-error.js';

const program = new Command('genesys')
  .description('Language models discovering language-model architectures (GAU designs, checker, evolution)')
  .option('--verbose', 'print stack traces of errors')
  .showHelpAfterError();

program.addCommand(checkCommand);
program.addCommand(importCommand);
program.addCommand(exportCommand);
program.addCommand(nodeCommand);
program.addCommand(nodesCommand);
program.addCommand(dataCommand);
program.addCommand(verifyCommand);
program.addCommand(doctorCommand);
program.addCommand(initCommand);
program.addCommand(configCommand);
program.addCommand(evolveCommand);
program.addCommand(statusCommand);
program.addCommand(reportCommand);
program.addCommand(libraryCommand);
program.addCommand(unitsCommand);
program.addCommand(serveCommand);
program.addCommand(benchCommand);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // A command that shuts down cleanly (genesys node) adds its own listener; without one, exit at once.
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(130);
  });
}

program.parseAsync(process.argv).catch((error: unknown) => handleError(error, program.opts().verbose === true));
