/**
 * @module The `genesys` program: registers the commands and turns errors into output.
 */
import { Command } from 'commander';
import { checkCommand } from './commands/check.js';
import { dataCommand } from './commands/data.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { handleError } from './handle-error.js';

const program = new Command('genesys')
  .description('Language models discovering language-model architectures (GAU designs, checker, evolution)')
  .option('--verbose', 'print stack traces of errors')
  .showHelpAfterError();

program.addCommand(checkCommand);
program.addCommand(importCommand);
program.addCommand(exportCommand);
program.addCommand(dataCommand);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(130));
}

program.parseAsync(process.argv).catch((error: unknown) => handleError(error, program.opts().verbose === true));
