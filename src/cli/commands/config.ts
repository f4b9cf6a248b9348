/**
 * @module `genesys config`: the settings in effect (config file over defaults), and the
 * configuration reference rendered from the schemas.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { z } from 'zod';
import { EvolutionConfigSchema } from '../../evolution/index.js';
import { resolveStoreLocation } from '../../store/index.js';
import { configReference } from '../config/config-reference.js';
import { readEvolutionConfig } from '../evolve/config-file.js';

const ShowFlagsSchema = z.object({
  workspace: z.string().optional(),
  config: z.string().optional(),
  json: z.boolean().default(false),
});

const showCommand = new Command('show')
  .description('print the evolution settings in effect: the config file (validated) over the defaults')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--config <file>', 'config file (default: genesys.config.yaml in the workspace, if any)')
  .option('--json', 'print JSON')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = ShowFlagsSchema.parse(rawFlags);
    const { workspace } = resolveStoreLocation({ workspace: flags.workspace });
    const { config, source } = await readEvolutionConfig({ path: flags.config, workspace });
    const effective = EvolutionConfigSchema.parse(config);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ source, config: effective }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`# ${source ?? 'no config file: the defaults'}\n${stringify(effective)}`);
  });

const referenceCommand = new Command('reference')
  .description('print the configuration reference (Markdown): every setting, environment variable and ladder')
  .option('--out <file>', 'write it to this file instead')
  .action(async (flags: { out?: string }) => {
    const text = configReference();
    if (flags.out) await writeFile(flags.out, text);
    else process.stdout.write(text);
  });

export const configCommand = new Command('config')
  .description('show the settings in effect, or print the configuration reference')
  .addCommand(showCommand)
  .addCommand(referenceCommand);
