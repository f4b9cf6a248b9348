/**
 * @module The arXiv API client (Atom XML at export.arxiv.org/api/query): search by words within
 * categories, or fetch papers by id. One request per call, 3 s apart (arXiv's terms of use), replies
 * cached in the store, entries validated with zod and returned as paper inputs for the library.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { SourceReplyError } from './errors.js';
import { parseArxivId, PaperInputSchema, type ParsedPaperInput } from './paper.js';
import type { PoliteFetchOptions } from './polite-fetch.js';
import { cachedFetch } from './reply-cache.js';
import { processTerm, tokenize } from './tokenize.js';

export const ARXIV_API_URL = 'https://export.arxiv.org/api';
const SOURCE = 'arXiv';

export interface ArxivClientOptions {
  /** API base (default: GENESYS_ARXIV_API, else https://export.arxiv.org/api). */
  baseUrl?: string;
  /** Store for the reply cache. */
  db?: Db;
  /** Categories a search is limited to (default cs.LG, cs.CL; empty for all). */
  categories?: string[];
  /** Overrides of the polite fetch (tests shorten the 3 s gap and the backoff). */
  fetch?: Partial<PoliteFetchOptions>;
  maxAgeSeconds?: number;
}

// An element with attributes comes back as {"#text": …, "@_attr": …}; plain ones as a string.
const TextSchema = z.union([z.string(), z.object({ '#text': z.string().default('') })])
  .transform((value) => (typeof value === 'string' ? value : value['#text']).replace(/\s+/g, ' ').trim());

const EntrySchema = z.object({
  id: TextSchema,
  title: TextSchema,
  summary: TextSchema.default(''),
  published: TextSchema.optional(),
  author: z.array(z.object({ name: TextSchema })).default([]),
  link: z.array(z.object({ '@_href': z.string(), '@_rel': z.string().optional(), '@_title': z.string().optional() })).default([]),
  'arxiv:journal_ref': TextSchema.optional(),
  'arxiv:doi': TextSchema.optional(),
  'arxiv:comment': TextSchema.optional(),
});

const FeedSchema = z.object({ feed: z.object({ entry: z.array(EntrySchema).default([]) }) });

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

/** Parses an Atom feed of the arXiv API into paper inputs; throws SourceReplyError for anything else. */
export function parseArxivFeed(body: string): ParsedPaperInput[] {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new SourceReplyError(SOURCE, `not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const feed = FeedSchema.safeParse(parser.parse(body));
  if (!feed.success) throw new SourceReplyError(SOURCE, `not an Atom feed: ${feed.error.issues[0]?.path.join('.')}: ${feed.error.issues[0]?.message}`);
  const apiError = feed.data.feed.entry.find((entry) => entry.id.includes('/api/errors'));
  if (apiError) throw new SourceReplyError(SOURCE, `the API reports an error: ${apiError.summary}`);
  return feed.data.feed.entry.flatMap((entry) => {
    const arxivId = parseArxivId(entry.id);
    // An id that does not exist comes back as an entry without a title.
    if (!arxivId || entry.title === '') return [];
    const abs = entry.link.find((link) => link['@_rel'] === 'alternate')?.['@_href'] ?? `https://arxiv.org/abs/${arxivId}`;
    const pdf = entry.link.find((link) => link['@_title'] === 'pdf')?.['@_href'];
    return [PaperInputSchema.parse({
      title: entry.title,
      authors: entry.author.map((author) => author.name),
      year: entry.published ? Number(entry.published.slice(0, 4)) : null,
      venue: entry['arxiv:journal_ref'] ?? 'arXiv',
      abstract: entry.summary,
      urls: [abs.replace(/v\d+$/, ''), ...(pdf ? [pdf] : [])],
      arxivId,
      doi: entry['arxiv:doi'] ?? null,
      notes: entry['arxiv:comment'] ?? '',
      source: 'arxiv',
    })];
  });
}

/** `all:` clauses for the content words of a free-text query (at most 6), ANDed. */
export function arxivSearchQuery(query: string, categories: string[]): string {
  const words = [...new Set(tokenize(query).filter((word) => processTerm(word) !== null && /^[\p{L}\p{N}]+$/u.test(word)).map((word) => word.toLowerCase()))].slice(0, 6);
  if (words.length === 0) throw new InputError(`the query "${query}" has no searchable words`);
  const terms = words.map((word) => `all:${word}`).join(' AND ');
  if (categories.length === 0) return terms;
  return `(${categories.map((category) => `cat:${category}`).join(' OR ')}) AND (${terms})`;
}

export interface ArxivClient {
  /** The best `k` papers for the query, by arXiv's relevance. */
  search(query: string, options?: { k?: number }): Promise<ParsedPaperInput[]>;
  /** Papers by arXiv id (`2401.01234`, `arXiv:2401.01234v2`, an abs URL); unknown ids are left out. */
  get(ids: string[]): Promise<ParsedPaperInput[]>;
}

export function createArxivClient(options: ArxivClientOptions = {}): ArxivClient {
  const baseUrl = (options.baseUrl ?? process.env.GENESYS_ARXIV_API ?? ARXIV_API_URL).replace(/\/$/, '');
  const fetchOptions: PoliteFetchOptions = { source: SOURCE, minIntervalMs: 3000, ...options.fetch };
  const request = async (params: Record<string, string>) => {
    try {
      return await cachedFetch({ db: options.db, url: `${baseUrl}/query?${new URLSearchParams(params)}`, fetch: fetchOptions, parse: parseArxivFeed, maxAgeSeconds: options.maxAgeSeconds });
    } catch (error) {
      // A refused request (HTTP 400) carries an Atom error entry: its sentence beats the raw XML.
      if (error instanceof SourceReplyError && error.status === 400 && error.body) parseArxivFeed(error.body);
      throw error;
    }
  };
  return {
    async search(query, { k = 10 } = {}) {
      const searchQuery = arxivSearchQuery(query, options.categories ?? ['cs.LG', 'cs.CL']);
      const { value } = await request({ search_query: searchQuery, start: '0', max_results: String(k), sortBy: 'relevance', sortOrder: 'descending' });
      return value.slice(0, k);
    },
    async get(ids) {
      const parsed = ids.map((id) => {
        const arxivId = parseArxivId(id);
        if (!arxivId) throw new InputError(`"${id}" is not an arXiv id`, { hint: 'arXiv ids look like 2401.01234 or hep-th/9901001' });
        return arxivId;
      });
      const { value } = await request({ id_list: parsed.join(','), start: '0', max_results: String(parsed.length) });
      return value;
    },
  };
}
