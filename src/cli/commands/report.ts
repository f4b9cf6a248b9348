/**
 * @module `genesys report`: leaderboards per scale, lineage of the best designs, plots (SVG and PNG).
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { writeReport } from '../../reports/write-report.js';
import { openStore } from '../../store/index.js';
import { requireEvolution } from '../evolve/require-evolution.js';

const FlagsSchema = z.object({
  workspace: z.string().optional(),
  db: z.string().optional(),
  evolution: z.string().default('default'),
  out: z.string().optional(),
  top: z.coerce.number().int().positive().default(5),
});

export const reportCommand = new Command('report')
  .description('write the leaderboards, the lineage of the best designs and plots of an evolution')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL of a shared store')
  .option('--evolution <name>', 'the evolution', 'default')
  .option('--out <dir>', 'output folder (default <workspace>/reports/<evolution>)')
  .option('--top <n>', 'designs whose lineage is traced', '5')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: false });
    try {
      await requireEvolution(store.db, flags.evolution);
      const files = await writeReport(store.db, { evolution: flags.evolution, out: flags.out ?? join(store.location.workspace, 'reports', flags.evolution), top: flags.top });
      process.stdout.write(`${files.join('\n')}\n`);
    } finally {
      await store.close();
    }
  });
