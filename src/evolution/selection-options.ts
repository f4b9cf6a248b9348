/**
 * @module Settings of parent and verify selection (the `selection` section of the evolution config).
 */
import { z } from 'zod';

export const SelectionOptionsSchema = z.object({
  /** `quadrant`: by fitness and confidence; `random`: uniform (the control of the search-efficiency bench). */
  strategy: z.enum(['quadrant', 'random']).default('quadrant'),
  /** Odds of starting from scratch, from one parent (mutation) or from two (crossover). */
  modeWeights: z.object({
    scratch: z.number().nonnegative().default(0.05),
    mutation: z.number().nonnegative().default(0.8),
    crossover: z.number().nonnegative().default(0.15),
  }).default({ scratch: 0.05, mutation: 0.8, crossover: 0.15 }),
  /** Scratch designs only once this many designs have been made (seeds do not count). */
  scratchAfter: z.number().int().nonnegative().default(20),
  /** Crossover only once this many designs have been made. */
  crossoverAfter: z.number().int().nonnegative().default(10),
  /**
   * Until this many designs have a fitness, the first parent is a seed. `auto`: every seed, or a
   * quarter of the first scale's budget if that is more, at most 10 (the original's fixed 10 was
   * made for a 256-run first scale; on a 12-run ladder it would last the whole evolution).
   */
  warmupVerified: z.union([z.literal('auto'), z.number().int().nonnegative()]).default('auto'),
  /** Odds that a parent is a seed again (a restart), after the warm-up. */
  restartProbability: z.number().min(0).max(1).default(0.05),
  /** Odds of drawing from the poor quadrant instead of the good one. */
  exploreProbability: z.number().min(0).max(1).default(0.2),
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
