/**
 * @module Excerpts that show why a hit matched: the sentence of an abstract, or the lines of a unit
 * file, holding the most distinct query terms.
 */
import { textTerms } from './tokenize.js';

function termHits(text: string, terms: ReadonlySet<string>, field?: string): number {
  return new Set(textTerms(text, field).filter((term) => terms.has(term))).size;
}

function clip(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1).replace(/\s+\S*$/, '')}…`;
}

/** The sentence with the most query terms (the first on a tie), cut to `maxChars`. */
export function sentenceExcerpt(text: string, terms: ReadonlySet<string>, maxChars = 320): string {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z0-9(])/).filter((sentence) => sentence.trim().length > 0);
  let best = sentences[0] ?? '';
  let bestHits = -1;
  for (const sentence of sentences) {
    const hits = termHits(sentence, terms);
    if (hits > bestHits) [best, bestHits] = [sentence, hits];
  }
  return clip(best, maxChars);
}

/** A window of `lines` lines of code around the line with the most query terms (the class line when none match). */
export function codeExcerpt(code: string, terms: ReadonlySet<string>, lines = 12): string {
  const all = code.split('\n');
  let center = Math.max(0, all.findIndex((line) => /^class\s/.test(line)));
  let bestHits = 0;
  all.forEach((line, index) => {
    const hits = termHits(line, terms, 'code');
    if (hits > bestHits) [center, bestHits] = [index, hits];
  });
  const start = Math.max(0, Math.min(center - 2, all.length - lines));
  return all.slice(start, start + lines).join('\n').trimEnd();
}

/** The first line of a docstring (its summary). */
export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
