// The search functions as agent tools: structured results with why-relevant and excerpts, online
// sources that fail leaving the library results, online hits kept with ids to cite, and tool
// definitions whose input schemas validate and convert to JSON Schema (what an LLM tool call needs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { migrate, openPgliteDb, type Db } from '../store/index.js';
import { renderCitations } from './citations.js';
import { SourceOfflineError } from './errors.js';
import type { OnlineSources } from './online-search.js';
import { PaperInputSchema } from './paper.js';
import { addToLibrary } from './paper-library.js';
import { createSearchTools, searchToolDefinitions, type SearchTools } from './tools.js';

let db: Db;
let tools: SearchTools;
const onlineCalls: string[] = [];

/** arXiv is offline; Semantic Scholar knows one paper. */
const clients: OnlineSources = {
  arxiv: {
    search: async () => {
      throw new SourceOfflineError('arXiv', 'export.arxiv.org: host name not found');
    },
    get: async () => [],
  },
  'semantic-scholar': {
    search: async (query) => {
      onlineCalls.push(query);
      return [PaperInputSchema.parse({ title: 'Gated Delta Networks', authors: ['A Author'], year: 2024, abstract: 'A gated delta rule for linear recurrences. It improves recall.', arxivId: '2412.06464', source: 'semantic-scholar' })];
    },
    get: async () => null,
  },
};

beforeAll(async () => {
  db = await openPgliteDb();
  await migrate(db);
  await addToLibrary(db, [
    { id: 'deltanet', title: 'Linear Transformers Are Secretly Fast Weight Programmers', year: 2021, abstract: 'A delta rule update of the fast weight memory. Linear attention is a fast weight programmer.', urls: ['https://arxiv.org/abs/2102.11174'] },
    { id: 'alibi', title: 'Attention with Linear Biases', year: 2021, abstract: 'A distance penalty on attention scores.' },
  ]);
  tools = createSearchTools({ db, online: ['arxiv', 'semantic-scholar'], clients });
});
afterAll(() => db.close());

describe('searchPapers', () => {
  it('returns library papers with why they matched, an excerpt and a citation', async () => {
    const { results, warnings } = await tools.searchPapers('delta rule memory', { k: 1 });
    expect(warnings).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ paperId: 'deltanet', year: 2021, foundIn: 'library', url: 'https://arxiv.org/abs/2102.11174', excerpt: 'A delta rule update of the fast weight memory.' });
    expect(results[0]!.whyRelevant).toBe('matches delta, rule, memory in abstract');
    expect(results[0]!.citation).toMatchObject({ paperId: 'deltanet', title: 'Linear Transformers Are Secretly Fast Weight Programmers', foundIn: 'library' });
  });

  it('does not go online unless the call asks', async () => {
    await tools.searchPapers('gated delta');
    expect(onlineCalls).toEqual([]);
  });

  it('adds online hits to the library with ids to cite, and reports a failed source as a warning', async () => {
    const { results, warnings } = await tools.searchPapers('gated delta rule', { k: 3, online: true });
    expect(warnings).toEqual(['cannot reach arXiv (export.arxiv.org: host name not found): you seem to be offline']);
    const online = results.find((result) => result.foundIn === 'semantic-scholar');
    expect(online).toMatchObject({ paperId: 'arxiv:2412.06464', title: 'Gated Delta Networks', score: null });
    expect(online!.url).toBe('https://arxiv.org/abs/2412.06464');
    expect(online!.citation.url).toBe('https://arxiv.org/abs/2412.06464');
    const again = await tools.searchPapers('gated delta rule', { k: 1 });
    expect(again.results[0]).toMatchObject({ paperId: 'arxiv:2412.06464', foundIn: 'library' });
  });

  it('renders kept citations as a numbered reference list, each paper once', async () => {
    const { results } = await tools.searchPapers('delta rule', { k: 2 });
    const citations = [...results, ...results].map((result) => ({ ...result.citation, note: 'the update rule we gate' }));
    const rendered = renderCitations(citations).split('\n');
    expect(rendered).toHaveLength(2);
    expect(rendered[0]).toMatch(/^\[1\] .+ \(20\d\d\)\. .+\. .*— the update rule we gate$/);
  });
});

describe('searchUnits and similarDesigns', () => {
  it('finds seed units to reuse, with the whole file only when asked', async () => {
    const { results } = await tools.searchUnits('root mean square normalisation', { k: 1 });
    expect(results[0]).toMatchObject({ unit: 'RMSNorm', reuseFrom: 'gpt.RMSNorm', code: null });
    expect(results[0]!.alsoIn.length).toBeGreaterThan(0);
    expect((await tools.searchUnits('RMSNorm', { k: 1, includeCode: true })).results[0]!.code).toContain('class RMSNorm');
  });

  it('explains each similar design\'s score', async () => {
    const { results } = await tools.similarDesigns({ text: 'token shift with data-dependent decay in a matrix-valued recurrent state', k: 1 });
    expect(results[0]).toMatchObject({ design: 'rwkv6', structure: null });
    expect(results[0]!.whyRelevant).toMatch(/^text 0\.\d\d$/);
  });
});

describe('tool definitions', () => {
  const definitions = () => searchToolDefinitions(tools);

  it('names three tools whose input schemas convert to JSON Schema', () => {
    expect(definitions().map((tool) => tool.name)).toEqual(['search_papers', 'search_units', 'similar_designs']);
    for (const tool of definitions()) {
      const schema = z.toJSONSchema(tool.inputSchema, { io: 'input' }) as { properties: Record<string, unknown>; required?: string[] };
      expect(schema.required).toEqual(tool.name === 'similar_designs' ? ['text'] : ['query']);
    }
  });

  it('validates what the model sends before running', async () => {
    const [papers] = definitions();
    await expect(papers!.execute({ query: '' })).rejects.toBeInstanceOf(ZodError);
    const output = await papers!.execute({ query: 'linear biases' });
    expect(papers!.outputSchema.parse(output)).toMatchObject({ results: expect.arrayContaining([expect.objectContaining({ paperId: 'alibi' })]) });
  });
});
