// The arXiv and Semantic Scholar clients against a local server replaying replies in the real APIs'
// formats: parsing, the reply cache in the store, retries on 429/503 honouring Retry-After, the
// politeness gap, malformed replies (clear error, nothing stored) and the offline error.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createArxivClient, createSemanticScholarClient, SourceOfflineError, SourceReplyError, SourceUnavailableError,
} from '../src/search/index.js';
import { migrate, openPgliteDb, type Db } from '../src/store/index.js';
import { closedPort } from './support/hub-stand-in.js';
import { REPO_ROOT } from './support/paths.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'search');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

/** A replaying server: each path answers from its queue of replies (the last one repeats). */
async function startReplayServer() {
  const routes = new Map<string, Reply[]>();
  const requests: { path: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname, url: request.url ?? '', headers: request.headers });
    const queue = routes.get(url.pathname) ?? [{ status: 404, body: '{"error":"no route"}' }];
    const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
    response.writeHead(reply.status ?? 200, reply.headers ?? {});
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    reply(path: string, ...replies: Reply[]) {
      routes.set(path, replies);
    },
    reset() {
      routes.clear();
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let server: Awaited<ReturnType<typeof startReplayServer>>;
let db: Db;
const sleeps: number[] = [];
// No real waiting: the clients' sleeps are recorded instead.
const fetchOptions = { minIntervalMs: 0, backoffMs: 100, sleep: async (milliseconds: number) => void sleeps.push(milliseconds), random: () => 0.5 };

beforeAll(async () => {
  server = await startReplayServer();
  db = await openPgliteDb();
  await migrate(db);
});
afterAll(async () => {
  await server.close();
  await db.close();
});
beforeEach(async () => {
  server.reset();
  sleeps.length = 0;
  await db.exec('TRUNCATE search_cache');
});

async function cachedReplies(): Promise<number> {
  return Number((await db.query('SELECT count(*)::int AS n FROM search_cache')).rows[0]?.n);
}

describe('arXiv', () => {
  const arxiv = () => createArxivClient({ baseUrl: server.url, db, fetch: fetchOptions });

  it('searches within categories and parses the Atom feed into papers', async () => {
    server.reply('/query', { body: fixture('arxiv-search.xml'), headers: { 'content-type': 'application/atom+xml' } });
    const papers = await arxiv().search('selective state space models', { k: 2 });
    expect(papers.map((paper) => paper.arxivId)).toEqual(['2312.00752', '2405.21060']);
    expect(papers[0]).toMatchObject({
      title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', authors: ['Albert Gu', 'Tri Dao'], year: 2023, venue: 'arXiv',
      urls: ['http://arxiv.org/abs/2312.00752', 'http://arxiv.org/pdf/2312.00752v2'], source: 'arxiv',
    });
    expect(papers[1]).toMatchObject({ venue: 'ICML 2024', notes: 'ICML 2024' });
    const query = new URL(server.requests[0]!.url, server.url).searchParams.get('search_query');
    expect(query).toBe('(cat:cs.LG OR cat:cs.CL) AND (all:selective AND all:state AND all:space AND all:models)');
  });

  it('answers a repeated request from the store without asking the server', async () => {
    server.reply('/query', { body: fixture('arxiv-search.xml') });
    await arxiv().search('selective state', { k: 2 });
    const again = await arxiv().search('selective state', { k: 2 });
    expect(again).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
    expect(await cachedReplies()).toBe(1);
  });

  it('waits as long as a 429 asks (Retry-After), then succeeds', async () => {
    server.reply('/query', { status: 429, body: 'Rate exceeded.', headers: { 'retry-after': '7' } }, { body: fixture('arxiv-search.xml') });
    const papers = await arxiv().get(['2312.00752']);
    expect(papers).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
  });

  it('backs off exponentially on 503 without Retry-After and gives up with a clear error', async () => {
    server.reply('/query', { status: 503, body: 'busy' });
    const client = createArxivClient({ baseUrl: server.url, db, fetch: { ...fetchOptions, maxRetries: 2 } });
    const failure = await client.search('anything').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceUnavailableError);
    expect((failure as Error).message).toBe('arXiv is unavailable: HTTP 503 after 3 tries');
    expect(sleeps).toEqual([100, 200]);
    expect(await cachedReplies()).toBe(0);
  });

  it('keeps the politeness gap between two requests to one host', async () => {
    server.reply('/query', { body: fixture('arxiv-search.xml') });
    const client = createArxivClient({ baseUrl: server.url, fetch: { ...fetchOptions, minIntervalMs: 3000 } });
    await client.search('first query');
    await client.search('second query');
    // Only the second request waits: the rest of the 3 s after the first one started.
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(3000);
  });

  it('reports a malformed reply clearly and stores nothing', async () => {
    server.reply('/query', { body: '<feed><entry><title>cut off' });
    await expect(arxiv().search('state space')).rejects.toThrow(/arXiv sent a reply we cannot use \(not XML: .*\); nothing was stored/);
    server.reply('/query', { body: '<html><body>Maintenance</body></html>' });
    await expect(arxiv().search('state space')).rejects.toThrow(SourceReplyError);
    expect(await cachedReplies()).toBe(0);
  });

  it('reports the API\'s own error entry of a refused request (HTTP 400) in words, not XML', async () => {
    server.reply('/query', { status: 400, body: fixture('arxiv-error.xml') });
    await expect(arxiv().get(['1234.12345'])).rejects.toThrow('arXiv sent a reply we cannot use (the API reports an error: incorrect id format for 1234.123456); nothing was stored');
    expect(server.requests).toHaveLength(1);
  });
});

describe('Semantic Scholar', () => {
  const s2 = (apiKey?: string) => createSemanticScholarClient({ baseUrl: server.url, db, apiKey, fetch: fetchOptions });

  it('searches computer science from 2010 on and returns papers with their external ids', async () => {
    server.reply('/graph/v1/paper/search', { body: fixture('s2-search.json'), headers: { 'content-type': 'application/json' } });
    const papers = await s2('secret-key').search('selective state spaces', { k: 5 });
    expect(papers).toHaveLength(2);
    expect(papers[0]).toMatchObject({
      title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', arxivId: '2312.00752', s2Id: '7bbc7595196a0606a07506c4fb1473e5e87f6082',
      tldr: 'A fixture TL;DR: selective state spaces in linear time.', citationCount: 1200, source: 'semantic-scholar',
    });
    expect(papers[1]).toMatchObject({ doi: '10.1000/fixture.2', abstract: '', authors: ['Ada Fixture'] });
    const request = server.requests[0]!;
    const params = new URL(request.url, server.url).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ query: 'selective state spaces', limit: '5', fieldsOfStudy: 'Computer Science', year: '2010-' });
    expect(request.headers['x-api-key']).toBe('secret-key');
    // The key is not part of the cache key: the stored request has no secret.
    expect(JSON.stringify((await db.query('SELECT request FROM search_cache')).rows)).not.toContain('secret-key');
  });

  it('looks a paper up by id, and answers null for one it does not know', async () => {
    server.reply('/graph/v1/paper/arXiv:2312.00752', { body: fixture('s2-paper.json') });
    expect((await s2().get('arXiv:2312.00752'))?.arxivId).toBe('2312.00752');
    server.reply('/graph/v1/paper/unknown', { status: 404, body: '{"error":"Paper with id unknown not found"}' });
    expect(await s2().get('unknown')).toBeNull();
  });

  it('retries a 429 then succeeds', async () => {
    server.reply('/graph/v1/paper/search',
      { status: 429, body: '{"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits."}', headers: { 'retry-after': '1' } },
      { body: fixture('s2-search.json') });
    expect(await s2().search('gated recurrence')).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('fails at once when Retry-After asks for longer than it will wait, suggesting an API key', async () => {
    server.reply('/graph/v1/paper/search', { status: 429, body: '{}', headers: { 'retry-after': '3600' } });
    await expect(s2().search('anything')).rejects.toThrow(/Semantic Scholar is unavailable: rate limited \(HTTP 429\); it asks to wait 3600 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('reports JSON that is not the documented shape and stores nothing', async () => {
    server.reply('/graph/v1/paper/search', { body: '{"total": 1, "data": [{"title": "no paperId"}]}' });
    await expect(s2().search('anything')).rejects.toThrow(/Semantic Scholar sent a reply we cannot use \(unexpected JSON at data\.0\.paperId/);
    server.reply('/graph/v1/paper/search', { body: '<html>gateway</html>' });
    await expect(s2().search('anything')).rejects.toThrow(/not JSON/);
    expect(await cachedReplies()).toBe(0);
  });
});

describe('offline', () => {
  it('says the source cannot be reached, that we seem offline, and that the local library still works', async () => {
    const port = await closedPort();
    const client = createSemanticScholarClient({ baseUrl: `http://127.0.0.1:${port}`, fetch: fetchOptions });
    const failure = await client.search('anything').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceOfflineError);
    expect((failure as SourceOfflineError).message).toBe(`cannot reach Semantic Scholar (127.0.0.1:${port}: connection refused): you seem to be offline`);
    expect((failure as SourceOfflineError).hint).toMatch(/local library still works/);
    expect(sleeps).toEqual([]);
  });

  it('treats an unknown host name the same way', async () => {
    const client = createArxivClient({ baseUrl: 'http://genesys-offline-test.invalid', fetch: fetchOptions });
    await expect(client.search('anything')).rejects.toThrow(SourceOfflineError);
  });
});
