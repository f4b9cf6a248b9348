/**
 * @module Which split a document belongs to: a hash of its id, so adding documents never moves the others.
 */
import { createHash } from 'node:crypto';
import type { SplitName } from './shards-meta.js';

export interface SplitFractions {
  valFraction: number;
  testFraction: number;
}

/** sha1(id) as a fraction in [0, 1): its first 48 bits (exact in a double). */
export function idHashFraction(id: string): number {
  return createHash('sha1').update(id, 'utf8').digest().readUIntBE(0, 6) / 2 ** 48;
}

/** [0, val) -> val, [val, val + test) -> test, the rest -> train. */
export function splitOfHash(hash: number, { valFraction, testFraction }: SplitFractions): SplitName {
  if (hash < valFraction) return 'val';
  if (hash < valFraction + testFraction) return 'test';
  return 'train';
}

export interface RankedDocument {
  hash: number;
  id: string;
}

/** What a first pass saw per split: its document count and its lowest-hash documents (up to 3, ascending). */
export type SplitCensus = Record<SplitName, { documents: number; lowest: RankedDocument[] }>;

/** How many lowest-hash documents a census keeps per split: enough for every fallback move. */
export const CENSUS_LOWEST = 3;

/** Keeps `lowest` the CENSUS_LOWEST smallest hashes, ascending. */
export function recordInCensus(census: SplitCensus, split: SplitName, document: RankedDocument): void {
  const entry = census[split];
  entry.documents += 1;
  const lowest = entry.lowest;
  if (lowest.length === CENSUS_LOWEST && document.hash >= (lowest[CENSUS_LOWEST - 1]?.hash ?? Infinity)) return;
  const at = lowest.findIndex((other) => other.hash > document.hash);
  lowest.splice(at < 0 ? lowest.length : at, 0, document);
  if (lowest.length > CENSUS_LOWEST) lowest.pop();
}

export function emptyCensus(): SplitCensus {
  return { train: { documents: 0, lowest: [] }, val: { documents: 0, lowest: [] }, test: { documents: 0, lowest: [] } };
}

/**
 * Moves that leave no split empty when there are at least 3 documents: each empty split (val, then
 * test, then train) takes the lowest-hash document of the largest split that can spare one. A split
 * whose fraction is 0 was asked to be empty and stays so.
 * Returns document id -> new split; empty when the hash split is already fine.
 */
export function fallbackMoves(census: SplitCensus, fractions: SplitFractions): Map<string, SplitName> {
  const moves = new Map<string, SplitName>();
  const counts = { train: census.train.documents, val: census.val.documents, test: census.test.documents };
  if (counts.train + counts.val + counts.test < 3) return moves;
  const available = { train: [...census.train.lowest], val: [...census.val.lowest], test: [...census.test.lowest] };
  for (const target of ['val', 'test', 'train'] as const) {
    const wanted = target === 'train' || (target === 'val' ? fractions.valFraction : fractions.testFraction) > 0;
    if (counts[target] > 0 || !wanted) continue;
    // Ties go to train first: it is the split that can best afford to lose a document.
    const donor = (['train', 'test', 'val'] as const).filter((split) => split !== target).reduce((best, split) => (counts[split] > counts[best] ? split : best));
    if (counts[donor] < 2) continue;
    const moved = available[donor].shift();
    if (moved === undefined) continue;
    moves.set(moved.id, target);
    counts[donor] -= 1;
    counts[target] += 1;
  }
  return moves;
}
