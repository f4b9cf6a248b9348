/**
 * @module Planning one generation from a snapshot: which verifications to start (within the
 * released budget) and how many new designs to ask for, from which parents. Pure and seeded:
 * the same snapshot and generation always give the same plan.
 */
import { getLadder } from '../config/index.js';
import { DesignSchema } from '../core/design.js';
import type { DesignJobPayload } from '../jobs/index.js';
import type { Ranking } from './fitness.js';
import { releasedBudget } from './ladder-budget.js';
import type { PopulationSnapshot } from './population.js';
import { createRng, seedFrom } from './rng.js';
import { selectParents } from './select-parents.js';
import { resolveSelection } from './selection-options.js';
import { selectVerifications, type VerifyChoice } from './select-verify.js';

export interface GenerationPlan {
  generation: number;
  verifications: VerifyChoice[];
  designs: DesignJobPayload[];
  /** Why no designs are asked for, when none are. */
  designPause: string | null;
}

/** The family of a design: its seed ancestor's name (`new` for scratch designs), used in names. */
export function familyOf(row: { name: string; origin: string; design: unknown }): string {
  if (row.origin === 'seed') return row.name;
  const family = DesignSchema.parse(row.design).metadata.family;
  return typeof family === 'string' ? family : 'design';
}

export interface PlanContext {
  snapshot: PopulationSnapshot;
  ranking: Ranking;
  generation: number;
  /** LLM spend of the evolution so far (USD). */
  costUsd: number;
  /** Plan at least this many verifications when the budget allows (one per local verify worker). */
  minVerifications?: number;
}

export function planGeneration({ snapshot, ranking, generation, costUsd, minVerifications = 1 }: PlanContext): GenerationPlan {
  const { config } = snapshot;
  // A verify job that failed for good counts as a failed verification: never picked again.
  const verified = new Map<string, string>([...snapshot.failedJobs].map((key) => [key, 'job-failed']));
  for (const row of snapshot.verifications) verified.set(`${row.designId}:${row.scale}`, row.status);
  const available = releasedBudget(snapshot.budgets, { stairStart: getLadder(config.ladder).stairStart });
  const verifications = selectVerifications({
    designIds: snapshot.designs.map((row) => row.id),
    scales: snapshot.scales,
    verified,
    running: snapshot.running,
    available,
  }, ranking, config.selection, createRng(config.seed, 'verify', generation), Math.max(config.generation.verifications, minVerifications));

  const made = snapshot.designs.filter((row) => row.origin !== 'seed').length;
  const lowest = snapshot.budgets[0]!;
  const chosenLowest = verifications.filter((choice) => choice.scale === lowest.scale).length;
  const waiting = snapshot.designs.filter((row) => !verified.has(`${row.id}:${lowest.scale}`) && !snapshot.running.has(`${row.id}:${lowest.scale}`)).length - chosenLowest;
  const lowestLeft = lowest.total - lowest.used - chosenLowest;
  let count = config.generation.designs;
  let designPause: string | null = null;
  if (config.limits.maxDesigns > 0 && made >= config.limits.maxDesigns) designPause = `made ${made} designs (limit ${config.limits.maxDesigns})`;
  else if (config.limits.maxCostUsd > 0 && costUsd >= config.limits.maxCostUsd) designPause = `spent $${costUsd.toFixed(2)} on LLM calls (limit $${config.limits.maxCostUsd})`;
  else if (waiting >= lowestLeft) designPause = lowestLeft <= 0 ? `the ${lowest.scale} budget is spent` : `${waiting} design(s) already wait for the ${lowestLeft} ${lowest.scale} verification(s) left`;
  if (designPause) count = 0;
  else {
    count = Math.min(count, lowestLeft - waiting);
    if (config.limits.maxDesigns > 0) count = Math.min(count, config.limits.maxDesigns - made);
  }

  const candidates = snapshot.designs.map((row) => ({ id: row.id, origin: row.origin }));
  const selection = resolveSelection(config.selection, { seeds: candidates.filter((row) => row.origin === 'seed').length, firstScaleBudget: lowest.total });
  const byId = new Map(snapshot.designs.map((row) => [row.id, row]));
  const designs: DesignJobPayload[] = [];
  for (let index = 0; index < count; index += 1) {
    const rng = createRng(config.seed, 'parents', generation, index);
    const choice = selectParents(candidates, ranking, made + index, selection, rng);
    const first = choice.parentIds[0] ? byId.get(choice.parentIds[0]) : undefined;
    designs.push({
      evolution: snapshot.evolution,
      generation,
      index,
      name: `${first ? familyOf(first) : 'new'}-${generation}.${index}`,
      mode: choice.mode,
      parents: choice.parentIds.map((id) => ({ id, fitness: ranking.byId.get(id)?.fitness ?? null, metrics: ranking.byId.get(id)?.metrics ?? {} })),
      seed: seedFrom(config.seed, 'design', generation, index),
      designer: config.designer,
      check: { mode: config.check.mode, options: config.check.options },
    });
  }
  return { generation, verifications, designs, designPause };
}
