/**
 * @module `genesys status`: where an evolution stands: generation, budgets, best per scale, the
 * top of the ranking, running jobs.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { evolutionStatus, formatFitness, generationState, loadPopulation, rankSnapshot, type EvolutionStatus } from '../../evolution/index.js';
import { openStore } from '../../store/index.js';
import { requireEvolution } from '../evolve/require-evolution.js';

const FlagsSchema = z.object({
  workspace: z.string().optional(),
  db: z.string().optional(),
  evolution: z.string().default('default'),
  json: z.boolean().default(false),
});

function text(status: EvolutionStatus, config: { ladder: string; designer: string; seed: number }, rejected: number): string {
  const lines = [`evolution ${status.evolution} (ladder ${config.ladder}, designer ${config.designer}, seed ${config.seed})`,
    `  generation ${status.generation} · ${status.designs - status.seeds} designs + ${status.seeds} seeds · ${rejected} offspring rejected by the checker or as duplicates`];
  for (const scale of status.scales) {
    lines.push(`  ${scale.scale.padEnd(8)} budget ${scale.used}/${scale.total} · ${scale.verified} verified${scale.best ? ` · best ${scale.best.name} ${scale.best.bpb.toFixed(3)} bpb` : ''}${scale.meanSeconds ? ` · ${Math.round(scale.meanSeconds)} s per verification` : ''}`);
  }
  if (status.top.length > 0) {
    lines.push('  top by fitness:');
    status.top.forEach((design, index) => lines.push(`   ${index + 1}. ${design.name.padEnd(20)} ${formatFitness(design.fitness)}  confidence ${design.confidence}  ${design.quadrant ?? ''}`));
  }
  for (const job of status.running) lines.push(`  running: ${job.kind} ${job.label}${job.nodeId ? ` on ${job.nodeId}` : ''}`);
  if (status.queued > 0) lines.push(`  queued: ${status.queued} job(s)`);
  return `${lines.join('\n')}\n`;
}

export const statusCommand = new Command('status')
  .description('show where an evolution stands: budgets, best designs, running jobs')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL of a shared store')
  .option('--evolution <name>', 'the evolution', 'default')
  .option('--json', 'print JSON')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: false });
    try {
      await requireEvolution(store.db, flags.evolution);
      const snapshot = await loadPopulation(store.db, { evolution: flags.evolution });
      const state = await generationState(store.db, flags.evolution);
      const status = await evolutionStatus(store.db, snapshot, rankSnapshot(snapshot), Math.max(state.finished + 1, state.planned?.generation ?? 0));
      const { rows } = await store.db.query("SELECT count(*)::int AS n FROM events WHERE evolution = $1 AND kind = 'design-rejected'", [flags.evolution]);
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...status, config: snapshot.config }, null, 2)}\n`);
      else process.stdout.write(text(status, snapshot.config, Number(rows[0]?.n ?? 0)));
    } finally {
      await store.close();
    }
  });
