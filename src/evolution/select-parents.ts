/**
 * @module Parent selection: how many parents (scratch, mutation, crossover) and which.
 *
 * Quadrant strategy: during the warm-up (until `warmupVerified` designs are ranked), and with a
 * small restart probability after it, the first parent is a seed. Otherwise it exploits the good, high-confidence designs (explores the poor,
 * high-confidence ones with a small probability), drawing with weights falling linearly with rank
 * so the best are likely but not certain. An empty quadrant falls back to the designs of the same
 * half regardless of confidence (early on no design has been promoted, so no design is "high"),
 * then to every ranked design.
 */
import type { DesignMode } from '../flows/designer.js';
import type { Ranking, RankedDesign } from './fitness.js';
import type { Rng } from './rng.js';
import type { ResolvedSelection } from './selection-options.js';

export interface Candidate {
  id: string;
  origin: string;
}

export interface ParentChoice {
  mode: DesignMode;
  parentIds: string[];
  /** Why these parents (shown in logs and the design's record). */
  reason: string;
}

/** Draws best-first with weights n, n−1, …, 1. */
function drawByRank(pool: RankedDesign[], rng: Rng): RankedDesign {
  return pool[rng.weighted(pool.map((_, i) => pool.length - i))]!;
}

function chooseMode(made: number, options: ResolvedSelection, rng: Rng): DesignMode {
  const weights = options.modeWeights;
  const modes: [DesignMode, number][] = [
    ['scratch', made >= options.scratchAfter ? weights.scratch : 0],
    ['mutation', weights.mutation],
    ['crossover', made >= options.crossoverAfter ? weights.crossover : 0],
  ];
  return modes[rng.weighted(modes.map(([, weight]) => weight))]![0];
}

function drawParent(candidates: Candidate[], ranking: Ranking, options: ResolvedSelection, rng: Rng, exclude: Set<string>): { id: string; reason: string } {
  const seeds = candidates.filter((candidate) => candidate.origin === 'seed' && !exclude.has(candidate.id));
  const open = candidates.filter((candidate) => !exclude.has(candidate.id));
  if (options.strategy === 'random') return { id: rng.pick(open).id, reason: 'random' };
  const openIds = new Set(open.map((candidate) => candidate.id));
  const ranked = ranking.designs.filter((design) => design.fitness !== null && openIds.has(design.designId));
  const seedPool = seeds.length > 0 ? seeds : open;
  if (ranked.length < options.warmupVerified) return { id: rng.pick(seedPool).id, reason: `warm-up (${ranked.length} ranked designs)` };
  if (rng.next() < options.restartProbability) return { id: rng.pick(seedPool).id, reason: 'restart from a seed' };
  const explore = rng.next() < options.exploreProbability;
  const half = explore ? 'poor' : 'good';
  const quadrant = ranked.filter((design) => design.quadrant === `${half}-high`);
  const sameHalf = ranked.filter((design) => design.quadrant?.startsWith(half));
  const pool = quadrant.length > 0 ? quadrant : sameHalf.length > 0 ? sameHalf : ranked;
  const from = quadrant.length > 0 ? `${half}-high` : sameHalf.length > 0 ? `${half} (no ${half}-high design yet)` : 'all ranked';
  return { id: drawByRank(pool, rng).designId, reason: `${explore ? 'explore' : 'exploit'} ${from}` };
}

/**
 * Chooses the mode and parents of one new design. `candidates` are the valid designs (seeds
 * included); `made` counts the designs the evolution has made so far (the warm-up thresholds).
 */
export function selectParents(candidates: Candidate[], ranking: Ranking, made: number, options: ResolvedSelection, rng: Rng): ParentChoice {
  if (candidates.length === 0) throw new Error('no designs to choose parents from: the evolution has no seeds');
  let mode = chooseMode(made, options, rng);
  if (mode === 'crossover' && candidates.length < 2) mode = 'mutation';
  if (mode === 'scratch') return { mode, parentIds: [], reason: 'scratch' };
  const first = drawParent(candidates, ranking, options, rng, new Set());
  if (mode === 'mutation') return { mode, parentIds: [first.id], reason: first.reason };
  const second = drawParent(candidates, ranking, options, rng, new Set([first.id]));
  return { mode, parentIds: [first.id, second.id], reason: `${first.reason}; ${second.reason}` };
}
