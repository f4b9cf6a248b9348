// `genesys library` and `genesys units` as a user runs them: adding files and arXiv ids, readable
// output and --json, offline errors that leave the local library working, and bad input.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/hub-stand-in.js';
import { REPO_ROOT } from './support/paths.js';
import { runCliAsync } from './support/cli.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'search');
const folder = mkdtempSync(join(tmpdir(), 'genesys-search-cli-'));
const workspace = join(folder, 'workspace');

/** The CLI without blocking this process, so the local arXiv stand-in here can answer it. */
function genesys(env: Record<string, string>, ...args: string[]) {
  return runCliAsync(args, { env: { GENESYS_WORKSPACE: workspace, ...env } });
}

// One entry of the recorded search feed, as the API answers an id_list request.
const oneEntryFeed = readFileSync(join(FIXTURES, 'arxiv-search.xml'), 'utf8').replace(/<entry>\s*<id>http:\/\/arxiv\.org\/abs\/2405[\s\S]*?<\/entry>/, '');
let arxiv: { url: string; close(): Promise<void> };
let offline: string;

beforeAll(async () => {
  const server = createServer((_request, response) => response.end(oneEntryFeed));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  arxiv = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  offline = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await arxiv.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('genesys library', () => {
  it('adds JSONL, BibTeX and an arXiv id, then finds a paper by its idea', async () => {
    const files = await genesys({}, 'library', 'add', join(FIXTURES, 'papers.jsonl'), join(FIXTURES, 'papers.bib'), '--json');
    expect(files.status, files.stderr).toBe(0);
    expect(JSON.parse(files.stdout)).toMatchObject({ added: ['fixture-rope', 'arxiv:2401.00001', 'fixture-moe', 'press2021alibi', 'fixture:godel1931'], documents: 5 });

    const paper = await genesys({ GENESYS_ARXIV_API: arxiv.url }, 'library', 'add', 'arxiv:2312.00752');
    expect(paper.status, paper.stderr).toBe(0);
    expect(paper.stderr).toContain('added 1, updated 0, unchanged 0 paper(s) from arxiv:2312.00752; the library has 6');

    const search = await genesys({}, 'library', 'search', 'rotate', 'query', 'and', 'key', 'vectors', '--k', '2');
    expect(search.status, search.stderr).toBe(0);
    expect(search.stderr).toMatch(/^ 1\. \[fixture-rope\] Rotary Embeddings for Fixture Transformers {2}\(score [\d.]+\)\n {4}Ada Fixture, Bob Example · 2021 · Fixture Conference\n {4}matches rotate, query, key, vectors in abstract/);
  });

  it('prints one JSON document with --json', async () => {
    const search = await genesys({}, 'library', 'search', 'input-selected state spaces', '--json');
    expect(search.status, search.stderr).toBe(0);
    const result = JSON.parse(search.stdout) as { query: string; hits: { paper: { id: string }; excerpt: string }[] };
    expect(result.query).toBe('input-selected state spaces');
    expect(result.hits[0]!.paper.id).toBe('arxiv:2312.00752');
  });

  it('says when arXiv cannot be reached, and keeps searching the local library with a warning', async () => {
    const add = await genesys({ GENESYS_ARXIV_API: offline }, 'library', 'add', 'arxiv:2402.99999');
    expect(add.status).toBe(1);
    expect(add.stderr).toMatch(/genesys: cannot reach arXiv \(127\.0\.0\.1:\d+: connection refused\): you seem to be offline\nhint: the local library still works/);
    const search = await genesys({ GENESYS_ARXIV_API: offline }, 'library', 'search', 'sparse experts', '--online', 'arxiv');
    expect(search.status, search.stderr).toBe(0);
    expect(search.stderr).toContain('[fixture-moe] Sparse Experts for Fixtures');
    expect(search.stderr).toMatch(/warning: cannot reach arXiv .*you seem to be offline/);
  });

  it('reports bad input without a stack trace', async () => {
    const missing = await genesys({}, 'library', 'add', join(folder, 'missing.jsonl'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^genesys: no such file: .*missing\.jsonl\nhint: /);
  });
});

describe('genesys units', () => {
  it('searches the seed library when there is no workspace, as a table of design, unit, summary and score', async () => {
    const run = await genesys({ GENESYS_WORKSPACE: join(folder, 'none') }, 'units', 'search', 'token', 'shift', 'interpolation', '--k', '2');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^no workspace: searching the seed library only\ndesign\s+unit\s+summary\s+score\nrwkv6 \(seed\)\s+LerpLinear\s+Token-shift interpolation .*\s[\d.]+\n/);
  });

  it('lists the designs nearest to a design folder, as one JSON document with --json', async () => {
    const run = await genesys({}, 'units', 'similar', join(REPO_ROOT, 'library', 'gpt'), '--k', '1', '--json');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { seedsOnly: boolean; hits: { design: string; sharedUnits: string[] }[] };
    expect(result).toMatchObject({ seedsOnly: false, hits: [{ design: 'ttt', sharedUnits: ['GatedMLP', 'RMSNorm', 'RotaryPositionalEmbeddings'] }] });
  });
});
