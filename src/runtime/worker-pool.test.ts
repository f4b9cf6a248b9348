import { afterEach, describe, expect, it } from 'vitest';
import { PoolClosedError, WorkerCrashedError, WorkerOpError, WorkerTimeoutError } from './errors.js';
import { closeWorkerPool, createWorkerPool, getWorkerPool, type WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
import { fixtureOps, processGone } from '../../test/support/sandbox-fixtures.js';


const pools: WorkerPool[] = [];
function pool(options: WorkerPoolOptions = {}): WorkerPool {
  const created = createWorkerPool({ ...fixtureOps, ...options });
  pools.push(created);
  return created;
}

describe('WorkerPool', () => {
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((created) => created.close()));
  });

  it('serves requests concurrently up to its size, reusing warm workers', async () => {
    const workers = pool({ size: 2 });
    const results = await Promise.all([0, 1, 2, 3].map(() => workers.call('sleep', { seconds: 0.3 })));
    expect(new Set(results.map((result) => result.pid)).size).toBe(2);
    const again = await workers.call('sleep', { seconds: 0 });
    expect(results.map((result) => result.pid)).toContain(again.pid);
  });

  it('queues requests beyond its size and streams progress to the right caller', async () => {
    const workers = pool({ size: 1 });
    const steps: unknown[] = [];
    const [first, second] = await Promise.all([
      workers.call('progress', { steps: 2 }, { onProgress: (data) => steps.push(data.step) }),
      workers.call('ping'),
    ]);
    expect(first).toEqual({ done: true });
    expect(second).toHaveProperty('python');
    expect(steps).toEqual([0, 1]);
  });

  it('fails only the in-flight request of a crashed worker and replaces the worker', async () => {
    const workers = pool({ size: 1 });
    const [crash, ping] = await Promise.allSettled([workers.call('crash'), workers.call('ping')]);
    expect(crash.status).toBe('rejected');
    const error = (crash as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(error).toMatchObject({ code: 'worker_crashed', message: expect.stringContaining("op 'crash'") });
    expect(ping).toMatchObject({ status: 'fulfilled', value: { python: expect.any(String) } });
  });

  it('rejects op errors with the worker code and traceback, and keeps the worker', async () => {
    const workers = pool();
    const before = await workers.call('sleep', { seconds: 0 });
    await expect(workers.call('no_such_op')).rejects.toMatchObject({ code: 'unknown_op' });
    const failure = await workers.call('connect', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerOpError);
    expect((failure as WorkerOpError).traceback).toContain('KeyError');
    expect((await workers.call('sleep', { seconds: 0 })).pid).toBe(before.pid);
  });

  it('keeps results intact when an op prints a lot', async () => {
    const workers = pool();
    let logged = '';
    const result = await workers.call('noisy', { lines: 5_000 }, { onLog: (event) => (logged += event.text) });
    expect(result).toEqual({ ok: true, lines: 5_000 });
    expect(logged).toContain('noise line 4999');
  });

  it('kills a worker past the request timeout, then serves the next request', async () => {
    const workers = pool();
    let grandchild = 0;
    const spin = workers.call('spin', {}, { timeoutMs: 800, onProgress: (data) => (grandchild = Number(data.grandchild)) });
    await expect(spin).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(await workers.call('ping')).toHaveProperty('python');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processGone(grandchild)).toBe(true);
  });

  it('drops an aborted request', async () => {
    const workers = pool();
    const controller = new AbortController();
    const sleeping = workers.call('sleep', { seconds: 30 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('no longer needed')), 300);
    await expect(sleeping).rejects.toThrow('no longer needed');
    expect(await workers.call('ping')).toHaveProperty('python');
  });

  it('close() fails running and queued requests, stops its workers and refuses new ones', async () => {
    const workers = pool({ size: 1 });
    const { pid } = await workers.call('sleep', { seconds: 0 });
    // Expectations attach before close() so the rejections are handled when they happen.
    const running = expect(workers.call('sleep', { seconds: 30 })).rejects.toBeInstanceOf(PoolClosedError);
    const queued = expect(workers.call('ping')).rejects.toBeInstanceOf(PoolClosedError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await workers.close();
    await Promise.all([running, queued]);
    await expect(workers.call('ping')).rejects.toMatchObject({ code: 'pool_closed' });
    expect(processGone(Number(pid))).toBe(true);
  });

  it('shares one process-wide pool until closeWorkerPool()', async () => {
    const shared = getWorkerPool(fixtureOps);
    expect(getWorkerPool()).toBe(shared);
    const { pid } = await shared.call('sleep', { seconds: 0 });
    await closeWorkerPool();
    expect(processGone(Number(pid))).toBe(true);
    expect(getWorkerPool(fixtureOps)).not.toBe(shared);
    await closeWorkerPool();
  });
});
