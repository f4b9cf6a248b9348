// The dashboard's API in-process (app.request) against a seeded PGlite store: read views, commands,
// bad input (404 / 400 / 409), access control, and the pure helpers behind the tree and the live feed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import type {
  CompareResponse, CostsResponse, DesignDetailResponse, EvolutionsResponse, JobDetailResponse, JobsResponse, LeaderboardResponse, LineageResponse,
  LiveMessage, NodesResponse, OverviewResponse, TreeResponse,
} from '../src/server/index.js';
import { createApp, startServer } from '../src/server/index.js';
import { createEventCursor } from '../src/server/event-cursor.js';
import { createLiveFeed } from '../src/server/live-feed.js';
import { layoutTree } from '../src/server/tree-layout.js';
import { appendEvent, migrate, openPgliteDb, takeNodeCommands, type EventRow } from '../src/store/index.js';
import { EVOLUTION, openSeededStore, type SeededStore } from './support/dashboard-store.js';

let seeded: SeededStore;
let webRoot: string;
let dashboard: ReturnType<typeof createApp>;

beforeAll(async () => {
  seeded = await openSeededStore();
  webRoot = mkdtempSync(join(tmpdir(), 'genesys-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
  dashboard = createApp({ db: seeded.db, webRoot, log: () => undefined });
});

afterAll(async () => {
  dashboard.close();
  await seeded.close();
  rmSync(webRoot, { recursive: true, force: true });
});

async function get<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await dashboard.app.request(path, init);
  return { status: response.status, body: (await response.json()) as T };
}

function post(path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return get<Record<string, unknown>>(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const id = (name: string) => seeded.ids[name]!;

describe('read views', () => {
  it('lists evolutions and picks the newest with its configured ladder', async () => {
    const { body } = await get<EvolutionsResponse>('/api/evolutions');
    expect(body.evolutions).toEqual([expect.objectContaining({ name: EVOLUTION, designs: 7, ladders: ['cpu-micro'] })]);
    expect(body.current).toEqual({ evolution: EVOLUTION, ladder: 'cpu-micro' });
  });

  it('draws the tree: generations, edges parent → child, status and fitness', async () => {
    const { body } = await get<TreeResponse>('/api/tree');
    const node = (name: string) => body.nodes.find((entry) => entry.name === name)!;
    expect(body.nodes).toHaveLength(7);
    expect(body.edges).toHaveLength(6);
    expect(body.edges).toContainEqual({ source: id('child-b'), target: id('cross') });
    expect([node('gpt').generation, node('child-a').generation, node('cross').generation]).toEqual([0, 1, 2]);
    expect([node('gpt').status, node('broken').status, node('pending').status]).toEqual(['verified', 'failed', 'unverified']);
    // Fitness comes from the evolution stage's ranking (lowest held-out bpb wins here).
    expect(node('child-a')).toMatchObject({ rank: 1, scales: ['micro-1', 'micro-2'] });
    expect(node('cross').rank).toBe(2);
    expect(node('child-a').fitness).toBeGreaterThan(node('cross').fitness!);
    expect(node('pending').fitness).toBeNull();
    expect(body.scales).toEqual(['micro-1', 'micro-2']);
  });

  it('ranks a scale with its metric columns and the untrained baseline row', async () => {
    const { body } = await get<LeaderboardResponse>('/api/leaderboard');
    expect(body.scale).toBe('micro-1');
    expect(body.rows.map((row) => row.name)).toEqual(['child-a', 'cross', 'gpt', 'child-b', 'mamba2']);
    expect(body.metrics).toEqual(['arc_easy/acc', 'arc_easy/acc_norm', 'blimp/acc']);
    expect(body.baseline).toMatchObject({ heldOutBpb: 8.1, metrics: { 'blimp/acc': 0.5 } });
    const second = await get<LeaderboardResponse>('/api/leaderboard?scale=micro-2');
    expect(second.body.rows.map((row) => row.name)).toEqual(['child-a', 'gpt']);
  });

  it('shows one design with its records, relatives, curves and cost', async () => {
    const { status, body } = await get<DesignDetailResponse>(`/api/designs/${id('child-a')}`);
    expect(status).toBe(200);
    expect(body.design.name).toBe('child-a');
    expect([body.proposals.length, body.reviews.length, body.attempts.length, body.verifications.length]).toEqual([1, 1, 2, 2]);
    expect(body.attempts[0]!.report?.checks[1]?.status).toBe('fail');
    expect(body.parents.map((parent) => parent.name)).toEqual(['gpt']);
    expect(body.children.map((child) => child.name)).toEqual(['cross', 'pending']);
    expect(body.comparison.entries.map((entry) => `${entry.role}:${entry.name}`)).toEqual(['design:child-a', 'parent:gpt', 'seed:mamba2', 'baseline:untrained baseline']);
    expect(body.comparison.entries[0]!.scores.find((score) => score.scale === 'micro-1')!.curve).toHaveLength(20);
    expect(body.cost).toMatchObject({ calls: 3, tokensIn: 6000 });
    expect(body.cost.costUsd).toBeCloseTo(0.3);
    expect(body.fitness).toMatchObject({ rank: 1, quadrant: 'good-high', scales: ['micro-1', 'micro-2'] });
  });

  it('walks the lineage both ways', async () => {
    const cross = await get<LineageResponse>(`/api/designs/${id('cross')}/lineage`);
    expect(cross.body.ancestors.map((entry) => `${entry.name}@${entry.depth}`)).toEqual(['child-a@1', 'child-b@1', 'gpt@2', 'mamba2@2']);
    expect(cross.body.descendants).toEqual([]);
    const gpt = await get<LineageResponse>(`/api/designs/${id('gpt')}/lineage`);
    expect(gpt.body.descendants.map((entry) => entry.name).sort()).toEqual(['broken', 'child-a', 'cross', 'pending']);
    expect(gpt.body.edges).toContainEqual({ source: id('child-a'), target: id('cross') });
  });

  it('compares two designs unit by unit', async () => {
    const { body } = await get<CompareResponse>(`/api/compare?a=${id('child-a')}&b=${id('cross')}`);
    expect(Object.fromEntries(body.units.map((unit) => [unit.name, unit.change]))).toEqual({ Block: 'changed', Mixer: 'same', Gate: 'removed', Scan: 'added' });
    expect(body.comparison.entries.map((entry) => entry.name)).toEqual(['child-a', 'cross', 'untrained baseline']);
  });

  it('gives the overview, costs, events and budgets', async () => {
    const overview = await get<OverviewResponse>('/api/overview');
    expect(overview.body.counts).toEqual({ designs: 7, verifiedDesigns: 5, verifications: 8, failedVerifications: 1 });
    expect(overview.body.jobs).toMatchObject({ running: 1, failed: 1, succeeded: 1, queued: 1 });
    expect(overview.body.runningJobs.map((job) => job.id)).toEqual([seeded.jobs.running]);
    expect(overview.body.best.map((entry) => `${entry.scale}:${entry.entries[0]?.name}`)).toEqual(['micro-1:child-a', 'micro-2:child-a']);
    expect(overview.body.events[0]!.kind).toBe('verification-finished');
    const costs = await get<CostsResponse>('/api/costs');
    expect(costs.body.byRole.map((group) => group.key)).toEqual(['coder', 'reviewer', 'proposer']);
    expect(costs.body.byDesign).toEqual([expect.objectContaining({ name: 'child-a', calls: 3 })]);
    const events = await get<{ events: { kind: string }[] }>('/api/events?after=0');
    expect(events.body.events.map((event) => event.kind)).toEqual(['design-added', 'verification-finished']);
    const budgets = await get<{ budgets: { scale: string; used: number }[] }>('/api/budgets');
    expect(budgets.body.budgets.map((budget) => `${budget.scale}:${budget.used}`)).toEqual(['micro-1:6', 'micro-2:2']);
  });

  it('answers an empty store with empty views, not errors', async () => {
    const db = await openPgliteDb();
    await migrate(db);
    const empty = createApp({ db, webRoot, log: () => undefined });
    try {
      const tree = await empty.app.request('/api/tree');
      expect(await tree.json()).toMatchObject({ scope: null, nodes: [] });
      expect((await empty.app.request('/api/overview')).status).toBe(200);
      expect((await empty.app.request('/api/leaderboard')).status).toBe(200);
    } finally {
      empty.close();
      await db.close();
    }
  });
});

describe('commands', () => {
  it('queues a node command that the node then applies', async () => {
    const sent = await post('/api/nodes/node-a/commands', { command: 'pause' });
    expect(sent.status).toBe(202);
    const pending = await get<NodesResponse>('/api/nodes');
    expect(pending.body.nodes.find((node) => node.id === 'node-a')!.pendingCommands.map((command) => command.command)).toEqual(['pause']);
    await takeNodeCommands(seeded.db, { nodeId: 'node-a' });
    const after = await get<NodesResponse>('/api/nodes');
    expect(after.body.nodes.find((node) => node.id === 'node-a')).toMatchObject({ status: 'paused', pendingCommands: [], lastCommand: { command: 'pause', statusAfter: 'paused' } });
  });

  it('refuses malformed commands with the reason', async () => {
    const wrong = await post('/api/nodes/node-a/commands', { command: 'explode' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'bad_request' });
    expect(String(wrong.body.message)).toMatch(/^command: .*pause/);
    expect((await post('/api/nodes/node-a/commands', { command: 'pause', extra: 1 })).status).toBe(400);
    expect((await post('/api/nodes/node-a/commands', '{not json')).body).toMatchObject({ code: 'bad_input', message: 'the body is not valid JSON' });
    expect((await post('/api/nodes/node-a/commands', { command: 'pause' }, { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post('/api/nodes/nobody/commands', { command: 'pause' })).status).toBe(404);
    expect((await post(`/api/evolutions/${EVOLUTION}/stop`, { reason: 5 })).status).toBe(400);
  });

  it('re-queues a failed job as a new job, and only a finished one', async () => {
    const detail = await get<JobDetailResponse>(`/api/jobs/${seeded.jobs.failed}`);
    expect(detail.body.job.lastError).toBe('loss became NaN at step 40');
    expect(detail.body.attempts[0]).not.toHaveProperty('leaseToken');
    const requeued = await post(`/api/jobs/${seeded.jobs.failed}/requeue`, {});
    expect(requeued.status).toBe(201);
    expect(requeued.body.job).toMatchObject({ status: 'queued', kind: 'verify' });
    expect((await post(`/api/jobs/${seeded.jobs.running}/requeue`, {})).status).toBe(409);
    expect((await post('/api/jobs/abc/requeue', {})).status).toBe(400);
    expect((await post('/api/jobs/99999/requeue', {})).status).toBe(404);
    const jobs = await get<JobsResponse>('/api/jobs?status=queued');
    expect(jobs.body.jobs.map((job) => job.id)).toEqual([(requeued.body.job as { id: number }).id, seeded.jobs.queued]);
    expect((await get('/api/jobs?status=exploded')).status).toBe(400);
  });

  it('asks an evolution to stop through the event log', async () => {
    const stop = await post(`/api/evolutions/${EVOLUTION}/stop`, { reason: 'enough' });
    expect(stop.status).toBe(202);
    expect(stop.body.event).toMatchObject({ kind: 'evolution.stop-requested', evolution: EVOLUTION, data: { by: 'dashboard', reason: 'enough' } });
    expect((await post('/api/evolutions/nope/stop', {})).status).toBe(404);
  });
});

describe('bad input and access', () => {
  it('answers unknown ids and routes with 404 JSON', async () => {
    for (const path of ['/api/designs/no-such-design', '/api/designs/no-such-design/lineage', '/api/nodes/ghost', '/api/jobs/424242',
      '/api/verifications/none', '/api/nothing-here', `/api/compare?a=${id('gpt')}&b=ghost`, '/api/tree?evolution=ghost']) {
      const { status, body } = await get<{ code: string }>(path);
      expect([path, status, body.code]).toEqual([path, 404, 'not_found']);
    }
    expect((await get('/api/leaderboard?scale=huge')).status).toBe(400);
    expect((await get(`/api/compare?a=${id('gpt')}`)).status).toBe(400);
  });

  it('serves the dashboard for page paths, so its router shows its own 404 page', async () => {
    const page = await dashboard.app.request('/designs/no-such-design');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="root"');
    expect((await dashboard.app.request('/assets/missing.js')).status).toBe(404);
  });

  it('needs the token when one is set: Bearer or ?token=', async () => {
    const guarded = createApp({ db: seeded.db, webRoot, token: 'correct-horse', log: () => undefined });
    try {
      const missing = await guarded.app.request('/api/health');
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await missing.json()).toMatchObject({ code: 'unauthorized' });
      expect((await guarded.app.request('/api/health', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
      expect((await guarded.app.request('/api/health', { headers: { authorization: 'Bearer correct-horse' } })).status).toBe(200);
      expect((await guarded.app.request('/api/health?token=correct-horse')).status).toBe(200);
      expect((await guarded.app.request('/')).status).toBe(200);
    } finally {
      guarded.close();
    }
  });

  it('answers only loopback names without a token (no DNS rebinding)', async () => {
    expect((await dashboard.app.request('http://evil.example/api/health')).status).toBe(403);
    expect((await dashboard.app.request('http://127.0.0.1:8040/api/health')).status).toBe(200);
  });

  it('refuses to bind beyond loopback without a token, or with a short one', async () => {
    await expect(startServer({ store: seeded, host: '0.0.0.0', port: 0 })).rejects.toThrow(InputError);
    await expect(startServer({ store: seeded, host: '127.0.0.1', port: 0, token: 'short' })).rejects.toThrow(/too short/);
  });
});

describe('live feed', () => {
  it('pushes events appended after it started, each once', async () => {
    const feed = createLiveFeed({ db: seeded.db, intervalMs: 20 });
    const pushed: EventRow[] = [];
    const arrived = new Promise<void>((resolve) => {
      feed.subscribe((message: LiveMessage) => {
        if (message.type !== 'events') return;
        pushed.push(...message.events);
        if (pushed.filter((event) => event.kind === 'live-check').length >= 2) resolve();
      });
    });
    // The feed starts from the end of the log as it finds it; events keep coming until two arrive.
    const writer = setInterval(() => void appendEvent(seeded.db, { kind: 'live-check', evolution: EVOLUTION }), 30);
    await arrived;
    clearInterval(writer);
    feed.close();
    const ids = pushed.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(pushed.map((event) => event.kind)).not.toContain('design-added');
  });

  it('remembers ids skipped by transactions still in flight', () => {
    const cursor = createEventCursor({ after: 10, gapTtlMs: 1000 });
    expect(cursor.accept([11, 13], 0)).toEqual([11, 13]);
    expect(cursor.next()).toEqual({ after: 13, gaps: [12] });
    expect(cursor.accept([12, 13], 10)).toEqual([12]);
    expect(cursor.next().gaps).toEqual([]);
    cursor.accept([16], 20);
    cursor.accept([], 5000);
    expect(cursor.next()).toEqual({ after: 16, gaps: [] });
  });
});

describe('tree layout', () => {
  it('puts a design one generation below its deepest parent and keeps neighbours a slot apart', () => {
    const parents = new Map([['b', ['a']], ['c', ['a']], ['d', ['b', 'c']], ['e', ['d', 'a']]]);
    const layout = layoutTree({ ids: ['a', 'b', 'c', 'd', 'e'], parents });
    expect(['a', 'b', 'c', 'd', 'e'].map((name) => layout.get(name)!.generation)).toEqual([0, 1, 1, 2, 3]);
    expect(Math.abs(layout.get('b')!.slot - layout.get('c')!.slot)).toBeGreaterThanOrEqual(1);
    expect(layout.get('d')!.slot).toBeCloseTo((layout.get('b')!.slot + layout.get('c')!.slot) / 2);
  });
});
