import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netIsolationPrefix } from './net-isolation.js';
import { runSandboxed, type RunSandboxedOptions } from './sandbox-run.js';
import { fixtureOps, processGone } from '../../test/support/sandbox-fixtures.js';


// The fixture ops need no torch; skipping the torch probe keeps the suite fast.
const run = (options: RunSandboxedOptions) => runSandboxed({ requireTorch: false, ...fixtureOps, ...options });

describe('runSandboxed', () => {
  afterEach(async () => {
    // Whatever the previous op did, the orchestrator can still run ops.
    const outcome = await run({ op: 'ping', limits: { timeoutMs: 20_000 } });
    expect(outcome.status).toBe('ok');
  });

  it('returns the data of a well-behaved op', async () => {
    const outcome = await run({ op: 'ping' });
    expect(outcome).toMatchObject({ status: 'ok', data: { python: expect.any(String) }, lastProgress: null });
  });

  it('times out an endless loop and kills the whole process group, forked grandchild included', async () => {
    let grandchild = 0;
    const outcome = await run({
      op: 'spin',
      limits: { timeoutMs: 1_500 },
      onProgress: (data) => (grandchild = Number(data.grandchild)),
    });
    expect(outcome).toMatchObject({ status: 'timeout', timeoutMs: 1_500, lastProgress: { grandchild } });
    expect(grandchild).toBeGreaterThan(0);
    expect(processGone(grandchild)).toBe(true);
  });

  it('stops a memory bomb quickly, as a memory kill or an out_of_memory error', async () => {
    const outcome = await run({ op: 'allocate', args: { mb: 20_000 }, limits: { memoryMb: 512, timeoutMs: 20_000 } });
    expect(outcome.durationMs).toBeLessThan(10_000);
    if (outcome.status === 'killed') expect(outcome.reason).toBe('memory');
    else expect(outcome).toMatchObject({ status: 'error', error: { code: 'out_of_memory', message: expect.stringMatching(/memory/) } });
  });

  it('kills an op past its CPU seconds', async () => {
    const outcome = await run({ op: 'spin', limits: { cpuSeconds: 1, timeoutMs: 20_000 } });
    expect(outcome).toMatchObject({ status: 'killed', reason: 'cpu' });
  });

  describe('network', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('refuses a Python-level TCP connection, and the listener sees none', async () => {
      const outcome = await run({ op: 'connect', args: { port } });
      expect(outcome).toMatchObject({ status: 'error', error: { code: 'op_failed' } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(0);
    });

    it('refuses a libc-level connection when a network namespace is available', async (context) => {
      if ((await netIsolationPrefix()).length === 0) context.skip('no unshare here: only the audit hook guards');
      const outcome = await run({ op: 'connect_c', args: { port } });
      expect(outcome).toMatchObject({ status: 'ok', data: { connected: false } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(0);
    });

    it('allows the network when asked', async () => {
      const outcome = await run({ op: 'connect', args: { port }, limits: { allowNetwork: true } });
      expect(outcome).toMatchObject({ status: 'ok', data: { connected: true } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(1);
      connections = 0;
    });
  });

  it('reports a hard exit as a crash with its exit code', async () => {
    const outcome = await run({ op: 'crash' });
    expect(outcome).toMatchObject({ status: 'crashed', exitCode: 3, signal: null });
  });

  it('keeps the protocol intact when the op prints a lot, and forwards the prints as logs', async () => {
    let logged = '';
    const outcome = await run({ op: 'noisy', args: { lines: 20_000 }, onLog: (event) => (logged += event.text) });
    expect(outcome).toMatchObject({ status: 'ok', data: { ok: true, lines: 20_000 } });
    expect(logged).toContain('noise line 19999');
    expect(outcome.stderrTail).toContain('raw write to fd 1');
  });

  it('streams progress events in order', async () => {
    const steps: unknown[] = [];
    const outcome = await run({ op: 'progress', args: { steps: 3 }, onProgress: (data) => steps.push(data.step) });
    expect(outcome.status).toBe('ok');
    expect(steps).toEqual([0, 1, 2]);
  });

  it('answers an unknown op and a failing op with typed errors', async () => {
    expect(await run({ op: 'no_such_op' })).toMatchObject({ status: 'error', error: { code: 'unknown_op' } });
    const outcome = await run({ op: 'connect', args: {} });
    expect(outcome).toMatchObject({ status: 'error', error: { code: 'op_failed', traceback: expect.stringContaining('KeyError') } });
  });

  it('runs in a scratch directory with an allowlisted environment, removed afterwards', async () => {
    process.env.GENESYS_TEST_SECRET = 'do-not-leak';
    const outcome = await run({ op: 'where' });
    delete process.env.GENESYS_TEST_SECRET;
    if (outcome.status !== 'ok') throw new Error(outcome.stderrTail);
    const { cwd, env, nofile } = outcome.data as { cwd: string; env: Record<string, string>; nofile: number };
    expect(env.GENESYS_TEST_SECRET).toBeUndefined();
    expect(env.HOME).toBe(cwd);
    expect(env.PYTHONDONTWRITEBYTECODE).toBe('1');
    expect(nofile).toBeLessThanOrEqual(4096);
    expect(existsSync(cwd)).toBe(false);
  });

  it('turns NaN and Infinity into null', async () => {
    expect(await run({ op: 'nan' })).toMatchObject({ status: 'ok', data: { loss: null, values: [1, null] } });
  });

  it('kills the op when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const outcome = await run({ op: 'sleep', args: { seconds: 30 }, signal: controller.signal });
    expect(outcome).toMatchObject({ status: 'killed', reason: 'aborted' });
    expect(outcome.durationMs).toBeLessThan(5_000);
  });
});
