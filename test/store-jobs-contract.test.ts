// The job queue and the node registry on both engines: claims, DB-clock leases, expiry and
// re-queue, bounded retries, exactly-once completion under concurrency, commands acknowledged
// once, lost nodes, and an in-process node obeying its commands.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJobRegistry, registerBuiltInJobs, startNode } from '../src/nodes/index.js';
import {
  cancelJob, claimJob, completeJob, countJobs, enqueueJob, failJob, getJob, getNode, heartbeatJob, heartbeatNode, listJobAttempts,
  listNodeCommands, listNodes, markLostNodes, registerNode, releaseJob, sendNodeCommand, setNodeStatus, takeNodeCommands, waitForJob,
  type ClaimedJob, type Db, type Hardware,
} from '../src/store/index.js';
import { ENGINES, resetStore } from './support/store-engines.js';

const HARDWARE: Hardware = { hostname: 'test-host', platform: 'linux-x64', cpuModel: 'test cpu', cpuCount: 2, memoryBytes: 2 ** 33, gpus: [{ name: 'H100', memoryMiB: 81559 }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe.each(ENGINES)('job queue and nodes on $name', (engine) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (engine.skip) return;
    ({ db, close } = await engine.open());
  });
  afterAll(async () => close?.());
  beforeEach(async (context) => {
    if (engine.skip) return context.skip(engine.skip);
    await resetStore(db);
  });

  const claim = (nodeId: string, leaseSeconds = 30, kinds = ['work']) => claimJob(db, { nodeId, kinds, leaseSeconds });

  describe('jobs', () => {
    it('claims by priority then age, only of the asked kinds, and not before run-after', async () => {
      await enqueueJob(db, { kind: 'work', payload: { n: 1 } });
      await enqueueJob(db, { kind: 'other', payload: { n: 2 }, priority: 9 });
      await enqueueJob(db, { kind: 'work', payload: { n: 3 }, priority: 5 });
      await enqueueJob(db, { kind: 'work', payload: { n: 4 }, priority: 9, delaySeconds: 3600 });
      const order = [];
      for (let job = await claim('a'); job; job = await claim('a')) order.push(job.payload);
      expect(order).toEqual([{ n: 3 }, { n: 1 }]);
      const claimed = (await claim('a', 30, ['other']))!;
      expect(claimed).toMatchObject({ status: 'running', attempts: 1, nodeId: 'a' });
      expect(Date.parse(claimed.leaseExpiresAt) - Date.parse(claimed.startedAt!)).toBe(30_000);
    });

    it('dedupes live jobs by key and frees the key when the job ends', async () => {
      const first = await enqueueJob(db, { kind: 'work', dedupeKey: 'verify:d1:s1' });
      const second = await enqueueJob(db, { kind: 'work', dedupeKey: 'verify:d1:s1' });
      expect([first.created, second.created, second.job.id]).toEqual([true, false, first.job.id]);
      const job = (await claim('a'))!;
      await completeJob(db, { jobId: job.id, leaseToken: job.leaseToken, result: 1 });
      expect((await enqueueJob(db, { kind: 'work', dedupeKey: 'verify:d1:s1' })).created).toBe(true);
    });

    it('re-queues an expired lease by the database clock, counts the attempt, and rejects the stale holder', async () => {
      const { job } = await enqueueJob(db, { kind: 'work' });
      const stale = (await claim('slow-node', 0.2))!;
      expect(await claim('fast-node')).toBeUndefined();
      await sleep(400);
      const fresh = (await claim('fast-node'))!;
      expect(fresh).toMatchObject({ id: job.id, attempts: 2, nodeId: 'fast-node' });
      expect(await heartbeatJob(db, { jobId: job.id, leaseToken: stale.leaseToken, leaseSeconds: 30 })).toBe(false);
      expect((await completeJob(db, { jobId: job.id, leaseToken: stale.leaseToken, result: 'stale' })).outcome).toBe('lease-lost');
      expect((await failJob(db, { jobId: job.id, leaseToken: stale.leaseToken, error: 'x' })).outcome).toBe('lease-lost');
      expect((await completeJob(db, { jobId: job.id, leaseToken: fresh.leaseToken, result: 'fresh' })).outcome).toBe('completed');
      // The holder retrying after a lost reply is told it already completed; the result stays.
      expect((await completeJob(db, { jobId: job.id, leaseToken: fresh.leaseToken, result: 'again' })).outcome).toBe('already-completed');
      expect(await getJob(db, { jobId: job.id })).toMatchObject({ status: 'succeeded', result: 'fresh', attempts: 2 });
      const attempts = await listJobAttempts(db, { jobId: job.id });
      expect(attempts.map((attempt) => [attempt.nodeId, attempt.outcome])).toEqual([['slow-node', 'expired'], ['fast-node', 'succeeded']]);
      expect(attempts[0]!.reason).toMatch(/lease expired.*slow-node/);
    });

    it('keeps a lease alive while it is renewed', async () => {
      await enqueueJob(db, { kind: 'work' });
      const held = (await claim('a', 0.3))!;
      for (let beat = 0; beat < 5; beat += 1) {
        await sleep(150);
        expect(await heartbeatJob(db, { jobId: held.id, leaseToken: held.leaseToken, leaseSeconds: 0.3 })).toBe(true);
        expect(await claim('b')).toBeUndefined();
      }
    });

    it('retries a failing job up to maxAttempts, then fails it with the reasons kept', async () => {
      const { job } = await enqueueJob(db, { kind: 'work', maxAttempts: 3 });
      let claimed = (await claim('a'))!;
      expect((await failJob(db, { jobId: job.id, leaseToken: claimed.leaseToken, error: 'out of memory' })).outcome).toBe('requeued');
      expect((await failJob(db, { jobId: job.id, leaseToken: claimed.leaseToken, error: 'out of memory' })).outcome).toBe('already-failed');
      await claim('a', 0.1);
      await sleep(250);
      claimed = (await claim('b'))!;
      expect(claimed.attempts).toBe(3);
      expect((await failJob(db, { jobId: job.id, leaseToken: claimed.leaseToken, error: 'still out of memory' })).outcome).toBe('failed');
      expect(await getJob(db, { jobId: job.id })).toMatchObject({ status: 'failed', lastError: 'still out of memory' });
      expect(await claim('c')).toBeUndefined();
      expect((await listJobAttempts(db, { jobId: job.id })).map((attempt) => attempt.outcome)).toEqual(['failed', 'expired', 'failed']);

      const { job: hopeless } = await enqueueJob(db, { kind: 'work', maxAttempts: 5 });
      const lease = (await claim('a'))!;
      expect((await failJob(db, { jobId: hopeless.id, leaseToken: lease.leaseToken, error: 'bad payload', retry: false })).outcome).toBe('failed');
    });

    it('fails a job whose last lease expires instead of re-queueing it', async () => {
      const { job } = await enqueueJob(db, { kind: 'work', maxAttempts: 1 });
      await claim('a', 0.1);
      await sleep(250);
      expect(await claim('b')).toBeUndefined();
      expect(await getJob(db, { jobId: job.id })).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/lease expired/) });
    });

    it('cancels queued and running jobs; the running holder loses its lease', async () => {
      const { job: queued } = await enqueueJob(db, { kind: 'work', priority: -1 });
      const { job: running } = await enqueueJob(db, { kind: 'work' });
      const lease = (await claim('a'))!;
      expect(lease.id).toBe(running.id);
      expect(await cancelJob(db, { jobId: queued.id })).toBe(true);
      expect(await cancelJob(db, { jobId: running.id, reason: 'design withdrawn' })).toBe(true);
      expect(await cancelJob(db, { jobId: running.id })).toBe(false);
      expect(await heartbeatJob(db, { jobId: running.id, leaseToken: lease.leaseToken, leaseSeconds: 30 })).toBe(false);
      expect((await completeJob(db, { jobId: running.id, leaseToken: lease.leaseToken })).outcome).toBe('lease-lost');
      expect(await claim('b')).toBeUndefined();
      expect((await listJobAttempts(db, { jobId: running.id }))[0]).toMatchObject({ outcome: 'cancelled', reason: 'design withdrawn' });
    });

    it('releases a job back to the queue without spending an attempt', async () => {
      const { job } = await enqueueJob(db, { kind: 'work', maxAttempts: 1 });
      const lease = (await claim('a'))!;
      expect(await releaseJob(db, { jobId: job.id, leaseToken: lease.leaseToken, reason: 'node shutting down' })).toBe(true);
      expect(await getJob(db, { jobId: job.id })).toMatchObject({ status: 'queued', attempts: 0 });
      expect((await claim('b'))!.attempts).toBe(1);
    });

    it('commits completion effects only while the lease is held', async () => {
      const { job } = await enqueueJob(db, { kind: 'work' });
      const stale = (await claim('a', 0.1))!;
      await sleep(250);
      const fresh = (await claim('b'))!;
      const effect = (tx: Db) => tx.query(`INSERT INTO events (kind, job_id) VALUES ('test-effect', $1)`, [job.id]).then(() => undefined);
      await completeJob(db, { jobId: job.id, leaseToken: stale.leaseToken, effects: effect });
      await completeJob(db, { jobId: job.id, leaseToken: fresh.leaseToken, effects: effect });
      await completeJob(db, { jobId: job.id, leaseToken: fresh.leaseToken, effects: effect });
      expect((await db.query(`SELECT count(*)::int AS n FROM events WHERE kind = 'test-effect'`)).rows[0]!.n).toBe(1);
    });

    it('runs every job exactly once with 8 concurrent workers, even when stalled workers lose leases', async () => {
      const jobCount = 120;
      for (let index = 0; index < jobCount; index += 1) await enqueueJob(db, { kind: 'work', payload: { index } });
      const completions: number[] = [];
      const rejected: number[] = [];
      const worker = async (name: string) => {
        for (let job: ClaimedJob | undefined = await claim(name, 0.15); job; job = await claim(name, 0.15)) {
          // Every 10th job stalls past its lease, so another worker takes it over.
          if ((job.payload as { index: number }).index % 10 === 0 && job.attempts === 1) await sleep(400);
          const { outcome } = await completeJob(db, {
            jobId: job.id, leaseToken: job.leaseToken, result: name,
            effects: (tx) => tx.query(`INSERT INTO events (kind, job_id, node_id) VALUES ('test-effect', $1, $2)`, [job!.id, name]).then(() => undefined),
          });
          (outcome === 'completed' ? completions : rejected).push(job.id);
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, index) => worker(`w${index}`)));
      await until(async () => (await countJobs(db)).succeeded === jobCount);
      expect(completions).toHaveLength(jobCount);
      expect(new Set(completions).size).toBe(jobCount);
      expect(rejected.length).toBeGreaterThan(0);
      const effects = await db.query(`SELECT job_id, count(*)::int AS n FROM events WHERE kind = 'test-effect' GROUP BY job_id HAVING count(*) <> 1`);
      expect(effects.rows).toEqual([]);
      expect((await db.query(`SELECT count(*)::int AS n FROM events WHERE kind = 'test-effect'`)).rows[0]!.n).toBe(jobCount);
    });
  });

  describe('nodes', () => {
    const register = (id: string) => registerNode(db, { id, role: 'all', kinds: ['work'], concurrency: 1, hardware: HARDWARE });

    it('registers a node with its hardware and refuses a second live node with the same id', async () => {
      await register('n1');
      await enqueueJob(db, { kind: 'work' });
      const job = (await claim('n1'))!;
      const [node] = await listNodes(db);
      expect(node).toMatchObject({ id: 'n1', status: 'active', hardware: HARDWARE, currentJobs: [job.id], kinds: ['work'] });
      expect(node!.heartbeatAgeSeconds).toBeLessThan(5);
      await expect(register('n1')).rejects.toThrow(/in use by a live node/);
    });

    it('lets a registered node claim only while it is active; an unregistered worker claims freely', async () => {
      await register('n1');
      await enqueueJob(db, { kind: 'work' });
      for (const status of ['paused', 'draining', 'stopped', 'lost'] as const) {
        await setNodeStatus(db, { id: 'n1', status });
        expect(await claim('n1'), status).toBeUndefined();
      }
      await setNodeStatus(db, { id: 'n1', status: 'active' });
      expect(await claim('n1')).toMatchObject({ nodeId: 'n1' });
      await enqueueJob(db, { kind: 'work' });
      expect(await claim('in-process')).toMatchObject({ nodeId: 'in-process' });
    });

    it('applies commands in order and acknowledges each exactly once', async () => {
      await register('n1');
      for (const command of ['pause', 'resume', 'drain'] as const) await sendNodeCommand(db, { nodeId: 'n1', command });
      const [first, second] = await Promise.all([takeNodeCommands(db, { nodeId: 'n1' }), takeNodeCommands(db, { nodeId: 'n1' })]);
      const taken = [...first.commands, ...second.commands];
      expect(taken.map((command) => [command.command, command.statusAfter])).toEqual([['pause', 'paused'], ['resume', 'active'], ['drain', 'draining']]);
      expect((await getNode(db, { id: 'n1' }))!.status).toBe('draining');
      expect((await takeNodeCommands(db, { nodeId: 'n1' })).commands).toEqual([]);
      expect((await listNodeCommands(db, { nodeId: 'n1' })).every((command) => command.acknowledgedAt !== null)).toBe(true);
      await expect(sendNodeCommand(db, { nodeId: 'nobody', command: 'stop' })).rejects.toThrow(/no node nobody/);
    });

    it('declares a silent node lost and puts its jobs back in the queue', async () => {
      await register('silent');
      await register('alive');
      const { job } = await enqueueJob(db, { kind: 'work' });
      await claim('silent');
      await db.query(`UPDATE nodes SET last_heartbeat = now() - interval '10 minutes' WHERE id = 'silent'`);
      expect(await markLostNodes(db, { silentSeconds: 60 })).toEqual({ lost: ['silent'], requeuedJobs: [job.id] });
      expect(await markLostNodes(db, { silentSeconds: 60 })).toEqual({ lost: [], requeuedJobs: [] });
      expect((await getNode(db, { id: 'silent' }))!.status).toBe('lost');
      expect((await claim('alive'))!.attempts).toBe(2);
      expect((await listJobAttempts(db, { jobId: job.id }))[0]).toMatchObject({ outcome: 'node-lost', reason: 'node lost: silent' });
      expect(await heartbeatNode(db, { id: 'silent' })).toBe('active');
    });

    it('runs a node in-process that obeys pause and resume, and releases its running job on stop', async () => {
      const registry = createJobRegistry();
      registerBuiltInJobs(registry);
      registry.register('square', { roles: ['verify'], payload: z.object({ x: z.number() }), run: async ({ x }) => x * x });
      const node = await startNode({ db, role: 'verify', id: 'local', registry, hardware: HARDWARE, heartbeatSeconds: 0.05, pollSeconds: 0.05 });
      expect(node.kinds).toEqual(['noop', 'sleep', 'square']);
      const { job } = await enqueueJob(db, { kind: 'square', payload: { x: 7 } });
      expect(await waitForJob(db, { jobId: job.id, timeoutMs: 10_000, pollMs: 20 })).toMatchObject({ status: 'succeeded', result: 49 });

      await sendNodeCommand(db, { nodeId: 'local', command: 'pause' });
      await until(async () => node.status() === 'paused');
      const { job: waiting } = await enqueueJob(db, { kind: 'noop', payload: { hello: 1 } });
      await sleep(300);
      expect((await getJob(db, { jobId: waiting.id }))!.status).toBe('queued');
      await sendNodeCommand(db, { nodeId: 'local', command: 'resume' });
      await waitForJob(db, { jobId: waiting.id, timeoutMs: 10_000, pollMs: 20 });

      const { job: long } = await enqueueJob(db, { kind: 'sleep', payload: { ms: 60_000 } });
      await until(async () => (await getJob(db, { jobId: long.id }))!.status === 'running');
      await sendNodeCommand(db, { nodeId: 'local', command: 'stop' });
      const exit = await node.done;
      expect(exit.jobs).toMatchObject({ completed: 2, released: 1 });
      expect(await getJob(db, { jobId: long.id })).toMatchObject({ status: 'queued', attempts: 0 });
      expect((await getNode(db, { id: 'local' }))!.status).toBe('stopped');
      const commands = await listNodeCommands(db, { nodeId: 'local' });
      expect(commands.map((command) => [command.command, command.statusAfter])).toEqual([['pause', 'paused'], ['resume', 'active'], ['stop', 'stopped']]);
    });

    it('drains: finishes the running job, claims no more, then stops', async () => {
      const registry = createJobRegistry();
      registerBuiltInJobs(registry);
      const node = await startNode({ db, role: 'all', id: 'drainer', registry, hardware: HARDWARE, heartbeatSeconds: 0.05, pollSeconds: 0.05 });
      const { job: running } = await enqueueJob(db, { kind: 'sleep', payload: { ms: 500 }, priority: 1 });
      const { job: later } = await enqueueJob(db, { kind: 'noop' });
      await until(async () => (await getJob(db, { jobId: running.id }))!.status === 'running');
      await sendNodeCommand(db, { nodeId: 'drainer', command: 'drain' });
      await node.done;
      expect((await getJob(db, { jobId: running.id }))!.status).toBe('succeeded');
      expect((await getJob(db, { jobId: later.id }))!.status).toBe('queued');
    });
  });
});
