/**
 * @module A snapshot of an evolution from the store: designs, verifications on its ladder, the
 * scales' baselines, budgets and the verifications queued or running — everything selection needs.
 */
import { getLadder } from '../config/index.js';
import { getEvolution, listBaselines, listBudgets, listDesigns, listVerifications, type Db, type DesignRow, type VerificationRow } from '../store/index.js';
import type { BaselineRecord } from '../verify/index.js';
import { EvolutionConfigSchema, ladderBudgets, type EvolutionConfig } from './config.js';
import { rankPopulation, type Ranking } from './fitness.js';
import type { ScaleBudget } from './ladder-budget.js';

export interface PopulationSnapshot {
  evolution: string;
  config: EvolutionConfig;
  /** Scale names of the ladder, in order. */
  scales: string[];
  /** Oldest first. */
  designs: DesignRow[];
  verifications: VerificationRow[];
  baselines: Map<string, BaselineRecord>;
  budgets: ScaleBudget[];
  /** `<designId>:<scale>` of verify jobs queued or running. */
  running: Set<string>;
  /** `<designId>:<scale>` of verify jobs that failed for good (no record was stored). */
  failedJobs: Set<string>;
}

export async function loadPopulation(db: Db, options: { evolution: string; ladder?: string }): Promise<PopulationSnapshot> {
  const row = await getEvolution(db, { name: options.evolution });
  const config = EvolutionConfigSchema.parse({ ...(row?.config ?? {}), ...(options.ladder ? { ladder: options.ladder } : {}) });
  const ladder = getLadder(config.ladder);
  const designs = await listDesigns(db, { evolution: options.evolution });
  const verifications = (await listVerifications(db, { evolution: options.evolution })).filter((verification) => verification.ladder === ladder.name);
  const ids = new Set(designs.map((design) => design.id));
  const { rows } = await db.query(
    `SELECT payload->>'designId' AS "designId", payload->>'scale' AS scale, status FROM jobs
     WHERE kind = 'verify' AND status IN ('queued', 'running', 'failed') AND (payload->>'ladder') = $1`,
    [ladder.name],
  );
  const keys = (statuses: string[]) => new Set(rows.filter((job) => ids.has(String(job.designId)) && statuses.includes(String(job.status)))
    .map((job) => `${String(job.designId)}:${String(job.scale)}`));
  return {
    evolution: options.evolution,
    config,
    scales: ladder.scales.map((scale) => scale.name),
    designs,
    verifications,
    baselines: await listBaselines(db, { ladder: ladder.name }),
    budgets: ladderBudgets(config, await listBudgets(db, { evolution: options.evolution })),
    running: keys(['queued', 'running']),
    failedJobs: keys(['failed']),
  };
}

/** The fitness ranking of a snapshot with its evolution's settings. */
export function rankSnapshot(snapshot: PopulationSnapshot): Ranking {
  return rankPopulation(snapshot, snapshot.config.fitness);
}
