/**
 * @module The Semantic Scholar Graph API client: paper search (computer science, 2010 on, optional
 * venue filter) and lookup by id (`arXiv:…`, `DOI:…`, a paperId). One request per second (the
 * unauthenticated limit; S2_API_KEY is sent as x-api-key when set), replies cached in the store,
 * validated with zod, returned as paper inputs for the library.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { SourceReplyError } from './errors.js';
import { PaperInputSchema, type ParsedPaperInput } from './paper.js';
import type { PoliteFetchOptions } from './polite-fetch.js';
import { cachedFetch } from './reply-cache.js';

export const SEMANTIC_SCHOLAR_API_URL = 'https://api.semanticscholar.org';
const SOURCE = 'Semantic Scholar';
const FIELDS = 'title,authors,venue,year,abstract,tldr,externalIds,url,citationCount,openAccessPdf';

export interface SemanticScholarClientOptions {
  /** API base (default: GENESYS_S2_API, else https://api.semanticscholar.org). */
  baseUrl?: string;
  /** Default: S2_API_KEY. */
  apiKey?: string;
  db?: Db;
  /** Only these venues (the original searched NeurIPS, ICML, ICLR, ACL, EMNLP, NAACL); default: all. */
  venues?: string[];
  /** Earliest year (default 2010). */
  fromYear?: number;
  fetch?: Partial<PoliteFetchOptions>;
  maxAgeSeconds?: number;
}

export const S2PaperSchema = z.object({
  paperId: z.string(),
  title: z.string().nullable(),
  abstract: z.string().nullable().default(null),
  venue: z.string().nullable().default(null),
  year: z.number().int().nullable().default(null),
  authors: z.array(z.object({ name: z.string().nullable() })).default([]),
  tldr: z.object({ text: z.string().nullable().default(null) }).nullable().default(null),
  externalIds: z.record(z.string(), z.union([z.string(), z.number()])).nullable().default(null),
  url: z.string().nullable().default(null),
  citationCount: z.number().int().nullable().default(null),
  openAccessPdf: z.object({ url: z.string().nullable().default(null) }).nullable().default(null),
});
export type S2Paper = z.infer<typeof S2PaperSchema>;

const S2SearchSchema = z.object({ total: z.number(), data: z.array(S2PaperSchema).default([]) });

function parseJson<Schema extends z.ZodType>(schema: Schema, body: string): z.output<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new SourceReplyError(SOURCE, `not JSON: ${body.slice(0, 80).trim()}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const problem = result.error.issues[0];
    throw new SourceReplyError(SOURCE, `unexpected JSON at ${problem?.path.join('.') || '(root)'}: ${problem?.message}`);
  }
  return result.data;
}

/** A Semantic Scholar paper as a library input (null when it has no title). */
export function s2PaperToInput(paper: S2Paper): ParsedPaperInput | null {
  if (!paper.title) return null;
  const ids = paper.externalIds ?? {};
  return PaperInputSchema.parse({
    title: paper.title,
    authors: paper.authors.flatMap((author) => (author.name ? [author.name] : [])),
    year: paper.year,
    venue: paper.venue,
    abstract: paper.abstract,
    tldr: paper.tldr?.text ?? null,
    urls: [paper.url, paper.openAccessPdf?.url].filter((url): url is string => Boolean(url)),
    arxivId: ids.ArXiv === undefined ? null : String(ids.ArXiv),
    doi: ids.DOI === undefined ? null : String(ids.DOI),
    s2Id: paper.paperId,
    citationCount: paper.citationCount,
    source: 'semantic-scholar',
  });
}

export function parseS2Search(body: string): ParsedPaperInput[] {
  return parseJson(S2SearchSchema, body).data.flatMap((paper) => s2PaperToInput(paper) ?? []);
}

export function parseS2Paper(body: string): ParsedPaperInput[] {
  const paper = s2PaperToInput(parseJson(S2PaperSchema, body));
  return paper ? [paper] : [];
}

export interface SemanticScholarClient {
  search(query: string, options?: { k?: number }): Promise<ParsedPaperInput[]>;
  /** A paper by `arXiv:2401.01234`, `DOI:10.…`, `CorpusId:…` or paperId; null when S2 does not know it. */
  get(id: string): Promise<ParsedPaperInput | null>;
}

export function createSemanticScholarClient(options: SemanticScholarClientOptions = {}): SemanticScholarClient {
  const baseUrl = (options.baseUrl ?? process.env.GENESYS_S2_API ?? SEMANTIC_SCHOLAR_API_URL).replace(/\/$/, '');
  const apiKey = options.apiKey ?? process.env.S2_API_KEY;
  const fetchOptions: PoliteFetchOptions = {
    source: SOURCE,
    minIntervalMs: 1000,
    ...options.fetch,
    headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...options.fetch?.headers },
  };
  return {
    async search(query, { k = 10 } = {}) {
      if (query.trim() === '') throw new InputError('the Semantic Scholar query is empty');
      const params = new URLSearchParams({ query, limit: String(Math.min(k, 100)), fields: FIELDS, fieldsOfStudy: 'Computer Science', year: `${options.fromYear ?? 2010}-` });
      if (options.venues?.length) params.set('venue', options.venues.join(','));
      const { value } = await cachedFetch({ db: options.db, url: `${baseUrl}/graph/v1/paper/search?${params}`, fetch: fetchOptions, parse: parseS2Search, maxAgeSeconds: options.maxAgeSeconds });
      return value.slice(0, k);
    },
    async get(id) {
      // S2 takes prefixed ids and DOIs with their colons and slashes as they are (`DOI:10.18653/v1/N18-3011`).
      const url = `${baseUrl}/graph/v1/paper/${encodeURI(id)}?${new URLSearchParams({ fields: FIELDS })}`;
      try {
        const { value } = await cachedFetch({ db: options.db, url, fetch: fetchOptions, parse: parseS2Paper, maxAgeSeconds: options.maxAgeSeconds });
        return value[0] ?? null;
      } catch (error) {
        if (error instanceof SourceReplyError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
