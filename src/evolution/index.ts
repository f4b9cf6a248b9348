/**
 * @module Evolution: one fitness (Massey ratings over per-scale metric columns), parent and verify
 * selection by quadrant, ladder budgets, and the loop that plans generations of design and verify
 * jobs.
 *
 * @example
 * const snapshot = await loadPopulation(store.db, { evolution: 'default' });
 * const ranking = rankPopulation(snapshot, snapshot.config.fitness);
 * console.log(ranking.designs[0]?.name, ranking.designs[0]?.fitness);
 */
export { EvolutionConfigSchema, SEED_NAMES, scaleBudgets, type EvolutionConfig } from './config.js';
export { rankPopulation, topShareThreshold, formatFitness, FitnessOptionsSchema, type Ranking, type RankedDesign, type FitnessColumn, type FitnessOptions, type Quadrant, type RankInput } from './fitness.js';
export { massey, type MasseyColumn } from './massey.js';
export { releasedBudget, budgetExhausted, type ScaleBudget } from './ladder-budget.js';
export { SelectionOptionsSchema, resolveSelection, type SelectionOptions, type ResolvedSelection } from './selection-options.js';
export { selectParents, type ParentChoice, type Candidate } from './select-parents.js';
export { selectVerifications, type VerifyChoice, type VerifyState } from './select-verify.js';
export { createRng, seedFrom, type Rng } from './rng.js';
export { loadPopulation, rankSnapshot, type PopulationSnapshot } from './population.js';
export { planGeneration, type GenerationPlan } from './plan-generation.js';
export { generationState, finishGeneration, commitPlan } from './generation-store.js';
export { isLibrarySeed, seedPopulation } from './seed-population.js';
export { evolutionStatus, type EvolutionStatus } from './evolution-status.js';
export { runEvolution, type RunEvolutionOptions, type EvolutionResult, type StopReason } from './run-evolution.js';
