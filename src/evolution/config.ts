/**
 * @module The evolution config: what `genesys init` writes (commented YAML), what `genesys evolve`
 * reads and stores with the evolution, so `--resume` and remote nodes use the same settings.
 */
import { z } from 'zod';
import { CheckOptionsSchema } from '../checker/index.js';
import { getLadder } from '../config/index.js';
import type { ScaleBudget } from './ladder-budget.js';
import { FitnessOptionsSchema } from './fitness.js';
import { SelectionOptionsSchema } from './selection-options.js';

export const SEED_NAMES = ['gpt', 'mamba2', 'retnet', 'rwkv6', 'ttt'] as const;

export const EvolutionConfigSchema = z.object({
  ladder: z.string().default('cpu-micro'),
  /** Seeds every random choice of the loop and the designer. */
  seed: z.number().int().default(42),
  /** `library` (offline, the default), `llm` or `direct`. */
  designer: z.string().default('library'),
  /** Seed designs: names of folders in the package's library/, or paths to design folders. */
  seeds: z.array(z.string()).min(1).default([...SEED_NAMES]),
  /** Verifications per scale; scales not named keep the ladder's budget. */
  budget: z.record(z.string(), z.number().int().nonnegative()).default({}),
  generation: z.object({
    /** New designs planned per generation. */
    designs: z.number().int().nonnegative().default(2),
    /** Verifications planned per generation (at least one per local verify worker). */
    verifications: z.number().int().positive().default(2),
  }).default({ designs: 2, verifications: 2 }),
  limits: z.object({
    /** Stop designing after this many new designs (0: until the budget is spent). */
    maxDesigns: z.number().int().nonnegative().default(0),
    /** Plan no new generation after this many minutes (0: no limit); the running one finishes. */
    timeMinutes: z.number().nonnegative().default(0),
    /** Stop designing once LLM calls of this evolution cost this much (0: no limit). */
    maxCostUsd: z.number().nonnegative().default(0),
  }).default({ maxDesigns: 0, timeMinutes: 0, maxCostUsd: 0 }),
  selection: SelectionOptionsSchema.default(SelectionOptionsSchema.parse({})),
  fitness: FitnessOptionsSchema.default(FitnessOptionsSchema.parse({})),
  check: z.object({
    /** `sandbox`: the full functional checker; `static`: analysis only (tests and the search benchmark). */
    mode: z.enum(['sandbox', 'static']).default('sandbox'),
    options: CheckOptionsSchema.default({}),
  }).default({ mode: 'sandbox', options: {} }),
  verify: z.object({
    /** `train`: the verification engine; `synthetic`: a deterministic stand-in landscape, no training (tests, benchmarks). */
    mode: z.enum(['train', 'synthetic']).default('train'),
    device: z.string().default('auto'),
    /** Verifications run at once by the local verify worker: `auto` is one per CPU core (each with one torch thread) or one on a GPU machine. */
    workers: z.union([z.literal('auto'), z.number().int().positive()]).default('auto'),
    /** A prepared dataset folder (default: the ladder's corpus, prepared in the workspace). */
    dataDir: z.string().optional(),
    /** Synthetic mode only: how long each verification pretends to take. */
    syntheticDelayMs: z.number().int().nonnegative().default(0),
  }).default({ mode: 'train', device: 'auto', workers: 'auto', syntheticDelayMs: 0 }),
  /** Settings of the LLM designers (models per role, cost limits); see docs/llm.md. */
  llm: z.record(z.string(), z.unknown()).default({}),
});
export type EvolutionConfig = z.infer<typeof EvolutionConfigSchema>;

/** The budget of every scale of the config's ladder, in ladder order. */
export function scaleBudgets(config: EvolutionConfig): { scale: string; total: number }[] {
  const ladder = getLadder(config.ladder);
  return ladder.scales.map((scale) => ({ scale: scale.name, total: config.budget[scale.name] ?? scale.budget }));
}

/** Orders stored budget rows like the ladder (absent scales count as empty). */
export function ladderBudgets(config: EvolutionConfig, rows: { scale: string; total: number; used: number }[]): ScaleBudget[] {
  return getLadder(config.ladder).scales.map((scale) => {
    const row = rows.find((candidate) => candidate.scale === scale.name);
    return { scale: scale.name, total: row?.total ?? 0, used: row?.used ?? 0 };
  });
}
