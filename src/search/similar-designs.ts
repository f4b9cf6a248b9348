/**
 * @module Similar-design detection for the proposer and reviewer: the existing designs (seeds and
 * the store's) nearest to a new design or to a proposal text, so near-duplicates are caught before
 * they are implemented. Structure is the overlap of unit files (exact code) and unit names; text is
 * the TF-IDF cosine of proposals, descriptions and docstrings. Higher is more similar, in [0, 1].
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Design } from '../core/design.js';
import { codeHash, type Db } from '../store/index.js';
import { jaccard, textSimilarities } from './text-similarity.js';
import type { CatalogDesign } from './unit-catalog.js';

export const SimilarDesignSchema = z.object({
  design: z.string(),
  evolution: z.string().nullable(),
  designId: z.string().nullable(),
  /** Combined similarity in [0, 1]: the mean of structure and text when a design is given, else text alone. */
  score: z.number(),
  /** Unit-file and unit-name overlap, null when only a text was given. */
  structure: z.number().nullable(),
  text: z.number(),
  /** Units whose code is identical in both. */
  sharedUnits: z.array(z.string()),
});
export type SimilarDesign = z.infer<typeof SimilarDesignSchema>;

export interface SimilarDesignsQuery {
  /** The new design (its unit tree is compared too). */
  design?: Design;
  /** A proposal or its abstract. */
  text?: string;
  k?: number;
  /** Leave out hits below this score (default 0). */
  minScore?: number;
  /** Design names not to report (the design itself, its parents). */
  exclude?: string[];
}

/** The words a design says about itself: description, docstrings and unit descriptions. */
export function designText(design: Design, extra: string[] = []): string {
  const metadata = Object.values(design.metadata).filter((value): value is string => typeof value === 'string');
  const units = Object.values(design.units).flatMap((unit) => [unit.document, unit.description]);
  return [...extra, ...metadata, ...units].filter((part) => part.length > 0).join('\n');
}

/** The latest proposal text of each stored design that has one. */
export async function latestProposalTexts(db: Db): Promise<Map<string, string>> {
  const { rows } = await db.query('SELECT DISTINCT ON (design_id) design_id AS "designId", text FROM proposals ORDER BY design_id, version DESC');
  return new Map(rows.map((row) => [String(row.designId), String(row.text)]));
}

function structure(left: Design, right: Design): { score: number; shared: string[] } {
  const leftHashes = new Map(Object.values(left.units).map((unit) => [codeHash(unit.code), unit.name]));
  const rightHashes = new Set(Object.values(right.units).map((unit) => codeHash(unit.code)));
  const code = jaccard(new Set(leftHashes.keys()), rightHashes);
  const names = jaccard(new Set(Object.keys(left.units).map((name) => name.toLowerCase())), new Set(Object.keys(right.units).map((name) => name.toLowerCase())));
  const shared = [...leftHashes].filter(([hash]) => rightHashes.has(hash)).map(([, name]) => name).sort();
  // Identical unit files weigh more than shared names: a mutation keeps names but rewrites one unit.
  return { score: 0.7 * code + 0.3 * names, shared };
}

/**
 * Ranks `candidates` by similarity to the query design or text.
 * `texts` gives extra text per candidate design id (its proposal).
 */
export function rankSimilarDesigns(candidates: CatalogDesign[], query: SimilarDesignsQuery, texts: Map<string, string> = new Map()): SimilarDesign[] {
  if (!query.design && !query.text?.trim()) throw new InputError('similar designs need a design or a text');
  const exclude = new Set(query.exclude ?? []);
  const pool = candidates.filter((candidate) => !exclude.has(candidate.design.name));
  const queryText = [query.text ?? '', query.design ? designText(query.design) : ''].join('\n');
  const candidateTexts = pool.map((candidate) => designText(candidate.design, candidate.designId ? [texts.get(candidate.designId) ?? ''] : []));
  const text = textSimilarities(queryText, candidateTexts);
  return pool
    .map((candidate, index): SimilarDesign => {
      const shape = query.design ? structure(query.design, candidate.design) : undefined;
      const textScore = text[index] ?? 0;
      return {
        design: candidate.design.name,
        evolution: candidate.evolution,
        designId: candidate.designId,
        score: shape ? (shape.score + textScore) / 2 : textScore,
        structure: shape?.score ?? null,
        text: textScore,
        sharedUnits: shape?.shared ?? [],
      };
    })
    .filter((hit) => hit.score >= (query.minScore ?? 0))
    .sort((left, right) => right.score - left.score || left.design.localeCompare(right.design))
    .slice(0, query.k ?? 5);
}
