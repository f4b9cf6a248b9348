/**
 * @module TF-IDF cosine similarity between short texts (proposals, design descriptions), in [0, 1]:
 * unlike a BM25 score it is comparable across queries, so a threshold means the same everywhere.
 */
import { textTerms } from './tokenize.js';

type Vector = Map<string, number>;

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of textTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Unit-length TF-IDF vectors of `texts`, with document frequencies taken over `texts` themselves. */
export function tfidfVectors(texts: string[]): Vector[] {
  const counts = texts.map(termCounts);
  const documentFrequency = new Map<string, number>();
  for (const count of counts) for (const term of count.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  return counts.map((count) => {
    const vector: Vector = new Map();
    let norm = 0;
    for (const [term, frequency] of count) {
      // Sublinear term frequency; smoothed idf so a term in every text still counts a little.
      const weight = (1 + Math.log(frequency)) * Math.log(1 + texts.length / documentFrequency.get(term)!);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [term, weight] of vector) vector.set(term, norm > 0 ? weight / norm : 0);
    return vector;
  });
}

export function cosine(left: Vector, right: Vector): number {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return Math.min(1, Math.max(0, dot));
}

/** Similarity of `query` to each text, in order. */
export function textSimilarities(query: string, texts: string[]): number[] {
  const [queryVector, ...vectors] = tfidfVectors([query, ...texts]);
  return vectors.map((vector) => cosine(queryVector!, vector));
}

/** |A ∩ B| / |A ∪ B| (0 for two empty sets). */
export function jaccard<Item>(left: ReadonlySet<Item>, right: ReadonlySet<Item>): number {
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}
