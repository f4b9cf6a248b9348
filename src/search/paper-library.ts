/**
 * @module The paper library as callers use it: add papers (stored, then the saved index brought up
 * to date), and search it with BM25, each hit carrying an excerpt and the words that matched where.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { sentenceExcerpt } from './excerpt.js';
import type { PaperInput } from './paper.js';
import { openPaperIndex, searchPaperIndex } from './paper-index.js';
import { addPapers, getPapers, PaperRowSchema, type AddPapersResult } from './papers-repository.js';
import { processTerm, tokenize } from './tokenize.js';

export const PaperHitSchema = z.object({
  paper: PaperRowSchema,
  /** BM25 score with field boosts; comparable only within one query. */
  score: z.number(),
  /** The sentence of the TL;DR or abstract with the most query words. */
  excerpt: z.string(),
  /** Query words that matched, each with the fields it matched in. */
  matches: z.array(z.object({ word: z.string(), fields: z.array(z.string()) })),
});
export type PaperHit = z.infer<typeof PaperHitSchema>;

export interface SearchLibraryOptions {
  /** Hits to return (default 10). */
  k?: number;
}

/** Adds papers and updates the saved index incrementally; returns what was added, updated, unchanged. */
export async function addToLibrary(db: Db, papers: PaperInput[]): Promise<AddPapersResult & { documents: number }> {
  const result = await addPapers(db, papers);
  const { index } = await openPaperIndex(db);
  return { ...result, documents: index.documentCount };
}

/** Query words with the index term each one becomes (stop words dropped). */
export function queryWords(query: string): { word: string; term: string }[] {
  const seen = new Set<string>();
  return tokenize(query).flatMap((word) => {
    const term = processTerm(word);
    if (!term || seen.has(term)) return [];
    seen.add(term);
    return [{ word: word.toLowerCase(), term }];
  });
}

/** The `k` best papers for a free-text query (BM25, title > TL;DR > abstract > authors/venue). */
export async function searchLibrary(db: Db, query: string, options: SearchLibraryOptions = {}): Promise<PaperHit[]> {
  const words = queryWords(query);
  if (words.length === 0) throw new InputError(`the query "${query}" has no searchable words`, { hint: 'use content words, e.g. "linear attention with gating"' });
  const { index } = await openPaperIndex(db);
  const results = searchPaperIndex(index, query, options.k ?? 10);
  const papers = new Map((await getPapers(db, results.map((result) => String(result.id)))).map((paper) => [paper.id, paper]));
  const terms = new Set(words.map((word) => word.term));
  return results.flatMap((result) => {
    const paper = papers.get(String(result.id));
    if (!paper) return [];
    const matches = words
      .filter((word) => result.match[word.term])
      .map((word) => ({ word: word.word, fields: result.match[word.term] ?? [] }));
    const text = [paper.tldr, paper.abstract, paper.notes].filter((part) => part.length > 0).join(' ');
    return [{ paper, score: result.score, excerpt: text ? sentenceExcerpt(text, terms) : '', matches }];
  });
}

/** "matches rotary, decay in title, abstract": a one-line reason for a hit. */
export function describeMatches(matches: PaperHit['matches']): string {
  if (matches.length === 0) return 'no direct word match';
  const fields = [...new Set(matches.flatMap((match) => match.fields))];
  return `matches ${matches.map((match) => match.word).join(', ')} in ${fields.join(', ')}`;
}
