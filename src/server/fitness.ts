/**
 * @module The one door through which fitness reaches the dashboard: the evolution stage's ranking
 * (`loadPopulation` + `rankSnapshot`), reduced to what the views show, and cached per (evolution,
 * ladder) until a design, verification or baseline changes (ranking reads every record).
 */
import { InputError } from '../core/errors.js';
import { loadPopulation, rankSnapshot, type Ranking } from '../evolution/index.js';
import type { Db } from '../store/index.js';
import { listBaselines } from '../store/index.js';
import type { Scope } from './scope.js';
import { createVersionedCache } from './versioned-cache.js';

export interface DesignFitness {
  designId: string;
  name: string;
  /** Massey rating (higher is better); null when the design has no verified metric. */
  fitness: number | null;
  /** 1 = best; null when unranked. */
  rank: number | null;
  /** Scales verified. */
  confidence: number;
  quadrant: string | null;
  scales: string[];
}

export interface FitnessColumn {
  scale: string;
  metric: string;
  kept: boolean;
  reason: string;
}

export interface PopulationFitness {
  designs: DesignFitness[];
  columns: FitnessColumn[];
  /** How the numbers were made, shown beside them. */
  method: string;
}

/** The untrained model's scores at one scale: the leaderboard's baseline row. */
export interface BaselineScores {
  heldOutBpb: number;
  heldOutLoss: number;
  params: number;
  results: Record<string, Record<string, number | null>>;
}

export async function scaleBaselines(db: Db, options: { ladder: string }): Promise<Map<string, BaselineScores>> {
  const records = await listBaselines(db, { ladder: options.ladder });
  return new Map([...records].map(([scale, record]) => [scale, {
    heldOutBpb: record.evaluation.heldOut.bitsPerByte,
    heldOutLoss: record.evaluation.heldOut.loss,
    params: record.sizing.params,
    results: record.evaluation.results,
  }]));
}

async function computeFitness(db: Db, scope: Scope): Promise<PopulationFitness> {
  let ranking: Ranking;
  try {
    ranking = rankSnapshot(await loadPopulation(db, { evolution: scope.evolution, ladder: scope.ladder }));
  } catch (error) {
    // A ladder the evolution stage does not know (not a preset) has no fitness; the views still work.
    if (!(error instanceof InputError)) throw error;
    return { designs: [], columns: [], method: `no fitness: ${error.message}` };
  }
  const kept = ranking.columns.filter((column) => column.kept).length;
  return {
    designs: ranking.designs.map(({ designId, name, fitness, rank, confidence, quadrant, scales }) => ({ designId, name, fitness, rank, confidence, quadrant, scales })),
    columns: ranking.columns.map(({ scale, metric, kept: isKept, reason }) => ({ scale, metric, kept: isKept, reason })),
    method: `Massey rating over ${kept} of ${ranking.columns.length} metric columns (the average margin, in standard errors, by which a design beats the others)`,
  };
}

const cache = createVersionedCache<PopulationFitness>();

/** Fitness, rank and confidence of every design of the scope's evolution. */
export function populationFitness(db: Db, scope: Scope): Promise<PopulationFitness> {
  return cache.get(db, scope, () => computeFitness(db, scope));
}
