/**
 * @module `genesys init`: a workspace with its store and a commented config file.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { getLadder } from '../../config/index.js';
import { InputError } from '../../core/errors.js';
import { openStore } from '../../store/index.js';
import { CONFIG_FILE, configTemplate } from '../evolve/config-file.js';

const FlagsSchema = z.object({
  workspace: z.string().optional(),
  ladder: z.string().default('cpu-micro'),
  force: z.boolean().default(false),
});

export const initCommand = new Command('init')
  .description('create a workspace: the embedded store and a commented genesys.config.yaml')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--ladder <name>', 'ladder preset written into the config: cpu-micro or paper', 'cpu-micro')
  .option('--force', 'overwrite an existing config file')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    getLadder(flags.ladder);
    const store = await openStore({ workspace: flags.workspace, create: true });
    const workspace = store.location.workspace;
    await store.close();
    const path = join(workspace, CONFIG_FILE);
    if (existsSync(path) && !flags.force) throw new InputError(`${path} already exists`, { hint: 'edit it, or pass --force to write a fresh one' });
    await writeFile(path, configTemplate(flags.ladder));
    process.stdout.write(`workspace ${workspace}\nconfig    ${path}\nnext:     genesys evolve${flags.workspace ? ` --workspace ${flags.workspace}` : ''}\n`);
  });
