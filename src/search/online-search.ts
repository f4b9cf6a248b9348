/**
 * @module Searching arXiv and Semantic Scholar together: both asked at once (different hosts), hits
 * interleaved and de-duplicated (arXiv id, DOI, title); a source that fails is reported beside the
 * other's hits instead of failing the search.
 */
import { z } from 'zod';
import type { Db } from '../store/index.js';
import { createArxivClient, type ArxivClient, type ArxivClientOptions } from './arxiv-client.js';
import { isSourceError } from './errors.js';
import { titleKey, type ParsedPaperInput } from './paper.js';
import { createSemanticScholarClient, type SemanticScholarClient, type SemanticScholarClientOptions } from './semantic-scholar-client.js';

export const OnlineSourceSchema = z.enum(['arxiv', 'semantic-scholar']);
export type OnlineSource = z.infer<typeof OnlineSourceSchema>;

export interface OnlineSources {
  arxiv: ArxivClient;
  'semantic-scholar': SemanticScholarClient;
}

/** Both clients, caching in `db`. */
export function createOnlineSources(options: { db?: Db; arxiv?: ArxivClientOptions; semanticScholar?: SemanticScholarClientOptions } = {}): OnlineSources {
  return {
    arxiv: createArxivClient({ db: options.db, ...options.arxiv }),
    'semantic-scholar': createSemanticScholarClient({ db: options.db, ...options.semanticScholar }),
  };
}

export interface SourceProblem {
  source: OnlineSource;
  code: string;
  message: string;
  hint?: string;
}

export interface OnlineSearchResult {
  papers: (ParsedPaperInput & { foundIn: OnlineSource })[];
  problems: SourceProblem[];
}

function identityKeys(paper: ParsedPaperInput): string[] {
  return [paper.arxivId && `arxiv ${paper.arxivId}`, paper.doi && `doi ${paper.doi}`, `title ${titleKey(paper.title)}`].filter((key): key is string => Boolean(key));
}

/** Up to `k` papers from each source, interleaved (first of each, then second of each, …), duplicates dropped. */
export async function searchOnline(options: { query: string; k?: number; sources: OnlineSource[]; clients: OnlineSources }): Promise<OnlineSearchResult> {
  const k = options.k ?? 10;
  const settled = await Promise.allSettled(options.sources.map((source) => options.clients[source].search(options.query, { k })));
  const problems: SourceProblem[] = [];
  const lists: (ParsedPaperInput & { foundIn: OnlineSource })[][] = [];
  settled.forEach((outcome, index) => {
    const source = options.sources[index]!;
    if (outcome.status === 'fulfilled') lists.push(outcome.value.map((paper) => ({ ...paper, foundIn: source })));
    else if (isSourceError(outcome.reason)) problems.push({ source, code: outcome.reason.code, message: outcome.reason.message, hint: outcome.reason.hint });
    else throw outcome.reason;
  });
  const seen = new Set<string>();
  const papers: OnlineSearchResult['papers'] = [];
  for (let rank = 0; rank < k; rank += 1) {
    for (const list of lists) {
      const paper = list[rank];
      if (!paper) continue;
      const keys = identityKeys(paper);
      if (keys.some((key) => seen.has(key))) continue;
      for (const key of keys) seen.add(key);
      papers.push(paper);
    }
  }
  return { papers, problems };
}
