/**
 * @module Search as agent tools: papers (library, optionally arXiv and Semantic Scholar), units to
 * reuse, and similar existing designs; each with a zod input schema and a zod result schema, so an
 * LLM flow can expose them as tool calls (AI SDK `tool({ description, inputSchema, execute })`) and
 * keep the papers it uses as citations.
 */
import { z } from 'zod';
import type { Design } from '../core/design.js';
import type { Db } from '../store/index.js';
import { addToLibrary, describeMatches, searchLibrary } from './paper-library.js';
import { citationFromPaper, CitationSchema } from './citations.js';
import { createOnlineSources, searchOnline, type OnlineSource, type OnlineSources } from './online-search.js';
import { sentenceExcerpt } from './excerpt.js';
import { latestProposalTexts, rankSimilarDesigns, SimilarDesignSchema } from './similar-designs.js';
import { textTerms } from './tokenize.js';
import { buildUnitCatalog, catalogDesigns, searchUnitCatalog, type UnitCatalog } from './unit-catalog.js';

export const SearchPapersInputSchema = z.object({
  query: z.string().trim().min(1).describe('The ideas to look for, in plain words (e.g. "gated linear attention with data-dependent decay")'),
  k: z.number().int().min(1).max(20).default(5).describe('How many papers to return'),
  online: z.boolean().default(false).describe('Also search arXiv and Semantic Scholar (slower; ignored when online search is off)'),
});

export const PaperResultSchema = z.object({
  paperId: z.string().nullable().describe('Library id; cite the paper with it'),
  title: z.string(),
  authors: z.array(z.string()),
  year: z.number().int().nullable(),
  venue: z.string(),
  url: z.string().nullable(),
  foundIn: z.enum(['library', 'arxiv', 'semantic-scholar']),
  whyRelevant: z.string(),
  excerpt: z.string(),
  /** BM25 score within this query for library hits; null for external ones. */
  score: z.number().nullable(),
  citation: CitationSchema,
});
export type PaperResult = z.infer<typeof PaperResultSchema>;

export const SearchPapersResultSchema = z.object({
  results: z.array(PaperResultSchema),
  /** Sources that failed (offline, rate limited): the library results are still there. */
  warnings: z.array(z.string()),
});
export type SearchPapersResult = z.infer<typeof SearchPapersResultSchema>;

export const SearchUnitsInputSchema = z.object({
  query: z.string().trim().min(1).describe('What the unit does, or names and identifiers (e.g. "rotary position embedding", "causal conv1d")'),
  k: z.number().int().min(1).max(20).default(5),
  includeCode: z.boolean().default(false).describe('Return each unit\'s whole file, not only an excerpt'),
});

export const UnitResultSchema = z.object({
  unit: z.string(),
  design: z.string(),
  evolution: z.string().nullable().describe('null for a seed of the library'),
  reuseFrom: z.string().describe('Put this in the new unit\'s reuseFrom when copying it'),
  alsoIn: z.array(z.string()).describe('Other designs holding the same unit file'),
  summary: z.string(),
  whyRelevant: z.string(),
  codeExcerpt: z.string(),
  code: z.string().nullable(),
  score: z.number(),
});
export const SearchUnitsResultSchema = z.object({ results: z.array(UnitResultSchema) });
export type SearchUnitsResult = z.infer<typeof SearchUnitsResultSchema>;

export const SimilarDesignsInputSchema = z.object({
  text: z.string().trim().min(1).describe('The proposal (or its abstract) to compare with existing designs'),
  k: z.number().int().min(1).max(20).default(5),
  exclude: z.array(z.string()).default([]).describe('Design names to leave out (the parents)'),
});
export const SimilarDesignResultSchema = SimilarDesignSchema.extend({ whyRelevant: z.string() });
export const SimilarDesignsResultSchema = z.object({ results: z.array(SimilarDesignResultSchema) });
export type SimilarDesignsResult = z.infer<typeof SimilarDesignsResultSchema>;

export interface CreateSearchToolsOptions {
  db: Db;
  /** Online sources searchable when a call asks (`online: true`); default none. */
  online?: OnlineSource[];
  /** Clients for the online sources (default: the real APIs, caching in `db`). */
  clients?: OnlineSources;
  /** Add papers found online to the library, so they get ids to cite and are found locally next time (default true). */
  keepOnlineResults?: boolean;
  /** The seed library folder (default: the package's `library/`). */
  seedFolder?: string;
}

export interface SearchTools {
  searchPapers(query: string, options?: { k?: number; online?: boolean }): Promise<SearchPapersResult>;
  searchUnits(query: string, options?: { k?: number; includeCode?: boolean }): Promise<SearchUnitsResult>;
  /** Designs nearest to a new design and/or a proposal text. */
  similarDesigns(query: { design?: Design; text?: string; k?: number; exclude?: string[]; minScore?: number }): Promise<SimilarDesignsResult>;
}

function designLabel(place: { design: string; evolution: string | null }): string {
  return place.evolution ? `${place.evolution}/${place.design}` : `${place.design} (seed)`;
}

async function designsFingerprint(db: Db): Promise<string> {
  const { rows } = await db.query('SELECT count(*)::int AS designs, max(created_at)::text AS latest FROM designs');
  return JSON.stringify(rows[0] ?? {});
}

/** The three search functions over one store; the unit index is rebuilt only when the designs change. */
export function createSearchTools(options: CreateSearchToolsOptions): SearchTools {
  const { db } = options;
  const allowedOnline = options.online ?? [];
  let clients = options.clients;
  let units: { fingerprint: string; catalog: UnitCatalog } | undefined;

  async function unitCatalog(): Promise<UnitCatalog> {
    const fingerprint = await designsFingerprint(db);
    if (units?.fingerprint !== fingerprint) {
      units = { fingerprint, catalog: buildUnitCatalog(await catalogDesigns({ db, seedFolder: options.seedFolder })) };
    }
    return units.catalog;
  }

  return {
    async searchPapers(query, callOptions = {}) {
      const input = SearchPapersInputSchema.parse({ query, ...callOptions });
      const hits = await searchLibrary(db, input.query, { k: input.k });
      const results: PaperResult[] = hits.map((hit) => {
        const citation = citationFromPaper(hit.paper, { foundIn: 'library', excerpt: hit.excerpt });
        return {
          paperId: hit.paper.id, title: hit.paper.title, authors: hit.paper.authors, year: hit.paper.year, venue: hit.paper.venue,
          url: citation.url, foundIn: 'library', whyRelevant: describeMatches(hit.matches), excerpt: hit.excerpt, score: hit.score, citation,
        };
      });
      const warnings: string[] = [];
      if (input.online && allowedOnline.length > 0) {
        clients ??= createOnlineSources({ db });
        const online = await searchOnline({ query: input.query, k: input.k, sources: allowedOnline, clients });
        warnings.push(...online.problems.map((problem) => problem.message));
        const known = new Set(results.map((result) => result.title.toLowerCase()));
        const fresh = online.papers.filter((paper) => !known.has(paper.title.toLowerCase()));
        const kept = options.keepOnlineResults === false ? undefined : await addToLibrary(db, fresh.map(({ foundIn: _source, ...paper }) => paper));
        const ids = kept?.ids ?? [];
        const terms = new Set(textTerms(input.query));
        fresh.forEach((paper, index) => {
          const excerpt = sentenceExcerpt(paper.tldr || paper.abstract, terms);
          const paperId = ids[index] ?? null;
          const citation = citationFromPaper({ ...paper, id: paperId ?? undefined }, { foundIn: paper.foundIn, excerpt });
          results.push({
            paperId, title: paper.title, authors: paper.authors, year: paper.year, venue: paper.venue, url: citation.url,
            foundIn: paper.foundIn, whyRelevant: `found by ${paper.foundIn === 'arxiv' ? 'arXiv' : 'Semantic Scholar'} search for "${input.query}"`,
            excerpt, score: null, citation,
          });
        });
      }
      return SearchPapersResultSchema.parse({ results, warnings });
    },

    async searchUnits(query, callOptions = {}) {
      const input = SearchUnitsInputSchema.parse({ query, ...callOptions });
      const hits = searchUnitCatalog(await unitCatalog(), input.query, { k: input.k });
      return SearchUnitsResultSchema.parse({
        results: hits.map((hit) => ({
          unit: hit.unit, design: hit.design, evolution: hit.evolution, reuseFrom: hit.reuseFrom,
          alsoIn: hit.places.slice(1).map(designLabel), summary: hit.summary,
          whyRelevant: describeMatches(hit.matches), codeExcerpt: hit.codeExcerpt, code: input.includeCode ? hit.code : null, score: hit.score,
        })),
      });
    },

    async similarDesigns(query) {
      const candidates = await catalogDesigns({ db, seedFolder: options.seedFolder });
      const ranked = rankSimilarDesigns(candidates, query, await latestProposalTexts(db));
      return SimilarDesignsResultSchema.parse({
        results: ranked.map((hit) => ({
          ...hit,
          whyRelevant: [
            hit.structure !== null ? `structure ${hit.structure.toFixed(2)}${hit.sharedUnits.length ? ` (same code: ${hit.sharedUnits.join(', ')})` : ''}` : '',
            `text ${hit.text.toFixed(2)}`,
          ].filter(Boolean).join('; '),
        })),
      });
    },
  };
}

/** One tool as an LLM flow registers it. */
export interface SearchToolDefinition {
  name: string;
  description: string;
  inputSchema: z.ZodType;
  outputSchema: z.ZodType;
  execute(input: unknown): Promise<unknown>;
}

/** The tools as a list of {name, description, inputSchema, outputSchema, execute}; `execute` validates its input. */
export function searchToolDefinitions(tools: SearchTools): SearchToolDefinition[] {
  return [
    {
      name: 'search_papers',
      description: 'Search the paper library (and arXiv / Semantic Scholar when allowed) for prior work on an idea. Returns titles, years, why each is relevant, an excerpt, and a citation to keep.',
      inputSchema: SearchPapersInputSchema,
      outputSchema: SearchPapersResultSchema,
      execute: async (input) => {
        const { query, ...rest } = SearchPapersInputSchema.parse(input);
        return tools.searchPapers(query, rest);
      },
    },
    {
      name: 'search_units',
      description: 'Search the units of all existing designs and seeds by name, docstring and code, to reuse a unit instead of rewriting it.',
      inputSchema: SearchUnitsInputSchema,
      outputSchema: SearchUnitsResultSchema,
      execute: async (input) => {
        const { query, ...rest } = SearchUnitsInputSchema.parse(input);
        return tools.searchUnits(query, rest);
      },
    },
    {
      name: 'similar_designs',
      description: 'Find existing designs closest to a proposal, to avoid proposing a duplicate. Scores are in [0, 1] (1: the same unit files and words). A mutation scores high against its parent; a high score against any other design suggests a duplicate.',
      inputSchema: SimilarDesignsInputSchema,
      outputSchema: SimilarDesignsResultSchema,
      execute: async (input) => tools.similarDesigns(SimilarDesignsInputSchema.parse(input)),
    },
  ];
}
