/**
 * @module Settings of parent and verify selection (the `selection` section of the evolution config).
 */
import { z } from 'zod';

export const SelectionOptionsSchema = z.object({
  strategy: z.enum(['quadrant', 'random']).default('quadrant')
    .describe('quadrant: parents by fitness and confidence; random: uniform (the control of the search-efficiency benchmark)'),
  modeWeights: z.object({
    scratch: z.number().nonnegative().default(0.05).describe('Weight of designing from scratch (no parent)'),
    mutation: z.number().nonnegative().default(0.8).describe('Weight of mutating one parent'),
    crossover: z.number().nonnegative().default(0.15).describe('Weight of crossing two parents'),
  }).default({ scratch: 0.05, mutation: 0.8, crossover: 0.15 }).describe('Odds of each kind of new design').meta({ advanced: true }),
  scratchAfter: z.number().int().nonnegative().default(20).describe('Scratch designs only once this many new designs exist (seeds do not count)'),
  crossoverAfter: z.number().int().nonnegative().default(10).describe('Crossover only once this many new designs exist'),
  // The original's fixed 10 was made for a 256-run first scale; on a 12-run ladder it would last the whole evolution.
  warmupVerified: z.union([z.literal('auto'), z.number().int().nonnegative()]).default('auto')
    .describe('Parents are seeds until this many designs are ranked; auto: every seed, or a quarter of the first scale\'s budget if more, at most 10'),
  restartProbability: z.number().min(0).max(1).default(0.05).describe('Odds that a parent is a seed again after the warm-up (a restart)'),
  exploreProbability: z.number().min(0).max(1).default(0.2).describe('Odds of drawing parents from the poor quadrant instead of the good one'),
});
export type SelectionOptions = z.infer<typeof SelectionOptionsSchema>;
/** Selection settings with the warm-up resolved for a population. */
export type ResolvedSelection = Omit<SelectionOptions, 'warmupVerified'> & { warmupVerified: number };

export function resolveSelection(options: SelectionOptions, population: { seeds: number; firstScaleBudget: number }): ResolvedSelection {
  const warmupVerified = options.warmupVerified === 'auto'
    ? Math.min(10, Math.max(population.seeds, Math.ceil(population.firstScaleBudget / 4)))
    : options.warmupVerified;
  return { ...options, warmupVerified };
}
