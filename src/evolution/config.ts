/**
 * @module The evolution config: what `genesys init` writes (commented YAML), what `genesys evolve`
 * reads and stores with the evolution, so `--resume` and remote nodes use the same settings.
 */
import { z } from 'zod';
import { CheckOptionsSchema } from '../checker/index.js';
import { getLadder } from '../config/index.js';
import { LlmDesignerConfigSchema } from '../flows/llm/designer-config.js';
import type { ScaleBudget } from './ladder-budget.js';
import { FitnessOptionsSchema } from './fitness.js';
import { SelectionOptionsSchema } from './selection-options.js';

export const SEED_NAMES = ['gpt', 'mamba2', 'retnet', 'rwkv6', 'ttt'] as const;

export const EvolutionConfigSchema = z.object({
  ladder: z.string().default('cpu-micro').describe('Ladder of scales: cpu-micro (byte-level, minutes on a laptop) or paper (14M-350M, GPUs)'),
  seed: z.number().int().default(42).describe('Seeds every random choice: the same seed and designer give the same lineage'),
  designer: z.string().default('library')
    .describe('Who designs: library (offline genetic programming over GAU trees), llm (designer agents) or direct (one prompt writes the whole block; a baseline)'),
  seeds: z.array(z.string()).min(1).default([...SEED_NAMES]).describe('Seed designs: names in the package\'s library/ or paths to design folders'),
  budget: z.record(z.string(), z.number().int().nonnegative()).default({})
    .describe('Verifications each scale may spend, e.g. { micro-1: 12 }; scales not named keep the ladder\'s budget. Upper scales are released in proportion to what the scale below has spent'),
  generation: z.object({
    designs: z.number().int().nonnegative().default(2).describe('New designs asked for per generation'),
    verifications: z.number().int().positive().default(2).describe('Verifications started per generation (at least one per local verify worker)'),
  }).default({ designs: 2, verifications: 2 }).describe('The size of each generation: the loop plans, runs and stores one generation at a time'),
  limits: z.object({
    maxDesigns: z.number().int().nonnegative().default(0).describe('Stop designing after this many new designs (0: until the budget is spent)'),
    timeMinutes: z.number().nonnegative().default(0).describe('Plan no new generation after this many minutes (0: no limit); the running one finishes'),
    maxCostUsd: z.number().nonnegative().default(0).describe('Stop designing once LLM calls of this evolution cost this much (0: no limit)'),
  }).default({ maxDesigns: 0, timeMinutes: 0, maxCostUsd: 0 }).describe('When the evolution stops, besides spent budgets'),
  selection: SelectionOptionsSchema.default(SelectionOptionsSchema.parse({})).describe('How parents and verifications are chosen'),
  fitness: FitnessOptionsSchema.default(FitnessOptionsSchema.parse({})).describe('How verified designs are ranked (one definition everywhere: selection, leaderboards, dashboard)'),
  check: z.object({
    mode: z.enum(['sandbox', 'static']).default('sandbox').describe('sandbox: the full functional checker; static: analysis only (tests and the search benchmark)'),
    options: CheckOptionsSchema.default({}).describe('Options of the functional checker').meta({ advanced: true }),
  }).default({ mode: 'sandbox', options: {} }).describe('The checker every new design must pass'),
  verify: z.object({
    mode: z.enum(['train', 'synthetic']).default('train').describe('train: the verification engine; synthetic: a deterministic stand-in landscape, no training (tests, benchmarks)'),
    device: z.string().default('auto').describe('auto, cpu or cuda'),
    workers: z.union([z.literal('auto'), z.number().int().positive()]).default('auto')
      .describe('Verifications run at once by the local verify worker; auto: one per CPU core (one torch thread each), or one on a GPU machine'),
    dataDir: z.string().optional().describe('A prepared dataset folder (default: the ladder\'s corpus, prepared in the workspace on first use)'),
    syntheticDelayMs: z.number().int().nonnegative().default(0).describe('Synthetic mode only: how long each verification pretends to take').meta({ advanced: true }),
  }).default({ mode: 'train', device: 'auto', workers: 'auto', syntheticDelayMs: 0 }).describe('How designs are verified'),
  llm: LlmDesignerConfigSchema.prefault({}).describe('The LLM designers: a model per role, per-model settings, call policy and cost limits (docs/llm-providers.md)').meta({ advanced: true }),
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
