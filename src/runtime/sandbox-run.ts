/**
 * @module Run one op that executes untrusted design code, in a fresh confined worker process.
 *
 * Per op: a scratch directory (removed afterwards), a detached process group (killed whole with SIGKILL on
 * the deadline, on abort, and after the answer so nothing lingers), rlimits and a network guard applied by the
 * worker itself (`python/genesys_rt/sandbox.py`), a network namespace when the host allows one, an
 * allowlisted environment (no API keys), and an RSS watchdog over the whole group.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netIsolationPrefix } from './net-isolation.js';
import { groupRssMb, killGroup, trackGroup, untrackGroup } from './process-group.js';
import { PROTOCOL_VERSION, type LogEvent, type SandboxSpec } from './protocol.js';
import { findPython } from './python.js';
import { SandboxLimitsSchema, type SandboxLimits, type SandboxLimitsInput } from './sandbox-limits.js';
import type { SandboxResult } from './sandbox-result.js';
import { workerEnv } from './worker-env.js';
import { spawnWorker, type WorkerExit } from './worker-process.js';

const WATCHDOG_INTERVAL_MS = 200;
// A `--once` worker exits right after answering; a leftover non-daemon thread would keep it alive.
const ANSWER_GRACE_MS = 2_000;
// After the group is killed, how long to wait for the last stderr bytes (ms).
const DRAIN_MS = 1_000;

export interface RunSandboxedOptions {
  op: string;
  args?: Record<string, unknown>;
  limits?: SandboxLimitsInput;
  onProgress?: (data: Record<string, unknown>) => void;
  /** The worker's stderr (where prints go) as it arrives, and any log events the op sends. */
  onLog?: (event: LogEvent) => void;
  /** Aborting kills the worker; the result is `{status: 'killed', reason: 'aborted'}`. */
  signal?: AbortSignal;
  /** Interpreter to use; by default `findPython({requireTorch})`. */
  python?: string;
  /** Only consulted when `python` is not given (default true). */
  requireTorch?: boolean;
  /** Folders appended to the worker's PYTHONPATH (tests, plugins). */
  extraPythonPath?: string[];
  /** Variables added to the worker's allowlisted environment. */
  env?: Record<string, string>;
}

type WithoutCommon<T> = T extends unknown ? Omit<T, 'durationMs' | 'stderrTail' | 'lastProgress'> : never;
type Answer = WithoutCommon<Extract<SandboxResult, { status: 'ok' | 'error' }>>;
type StopReason = 'timeout' | 'memory' | 'aborted';

/**
 * Run `op` in a fresh sandboxed worker. Failures of the child come back as a result, never as a throw;
 * it throws only when no Python can be found (`PythonNotFoundError`, `TorchMissingError`).
 */
export async function runSandboxed(options: RunSandboxedOptions): Promise<SandboxResult> {
  const limits = SandboxLimitsSchema.parse(options.limits ?? {});
  const python = options.python ?? (await findPython({ requireTorch: options.requireTorch ?? true })).executable;
  const prefix = limits.allowNetwork ? [] : await netIsolationPrefix();
  const scratchDir = await mkdtemp(join(tmpdir(), 'genesys-sandbox-'));
  try {
    return await supervise(options, limits, python, prefix, scratchDir);
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function supervise(
  options: RunSandboxedOptions,
  limits: SandboxLimits,
  python: string,
  prefix: string[],
  scratchDir: string,
): Promise<SandboxResult> {
  const started = performance.now();
  const id = randomUUID();
  let answer: Answer | undefined;
  let stopped: StopReason | undefined;
  let peakRssMb = 0;
  let lastProgress: Record<string, unknown> | null = null;

  const spec: SandboxSpec = {
    memoryMb: limits.memoryMb,
    cpuSeconds: limits.cpuSeconds,
    allowNetwork: limits.allowNetwork,
    workdir: scratchDir,
    gpu: limits.gpu ?? false,
  };
  const worker = spawnWorker({
    python,
    prefix,
    workerArgs: ['--once', '--sandbox', JSON.stringify(spec)],
    env: workerEnv({ scratchDir, extraPythonPath: options.extraPythonPath, env: options.env }),
    cwd: scratchDir,
    onMessage: (message) => {
      if (message.event === 'ready' || answer) return;
      if (message.event === 'progress') {
        lastProgress = message.data;
        options.onProgress?.(message.data);
      }
      else if (message.event === 'log') options.onLog?.(message);
      else if (message.event === 'result') settle({ status: 'ok', data: message.data });
      else settle({ status: 'error', error: message.error });
    },
    onProtocolError: (error) => {
      settle({ status: 'error', error: { code: 'protocol_error', message: error.message } });
      kill();
    },
    onStderr: (text) => options.onLog?.({ id, event: 'log', stream: 'stderr', text }),
  });
  const pid = worker.pid;
  const kill = () => pid !== undefined && killGroup(pid);
  const stop = (reason: StopReason) => {
    if (!answer && !stopped) stopped = reason;
    kill();
  };
  function settle(value: Answer) {
    if (answer || stopped) return;
    answer = value;
    clearTimeout(deadline);
    deadline = setTimeout(kill, ANSWER_GRACE_MS);
  }

  let deadline = setTimeout(() => stop('timeout'), limits.timeoutMs);
  const memoryMb = limits.memoryMb;
  const watchdog =
    pid !== undefined && memoryMb !== null
      ? setInterval(() => {
          const rssMb = groupRssMb(pid);
          peakRssMb = Math.max(peakRssMb, rssMb);
          if (rssMb > memoryMb) stop('memory');
        }, WATCHDOG_INTERVAL_MS)
      : undefined;
  const onAbort = () => stop('aborted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (pid !== undefined) {
    trackGroup(pid);
    worker.send({ v: PROTOCOL_VERSION, id, op: options.op, args: options.args ?? {} });
  }
  if (options.signal?.aborted) onAbort();

  const exit = await worker.exited;
  clearTimeout(deadline);
  clearInterval(watchdog);
  options.signal?.removeEventListener('abort', onAbort);
  if (pid !== undefined) {
    kill(); // grandchildren the op forked outlive the worker otherwise
    untrackGroup(pid);
  }
  await Promise.race([worker.closed, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);

  const common = { durationMs: Math.round(performance.now() - started), stderrTail: worker.stderrTail(), lastProgress };
  if (answer) return { ...answer, ...common };
  if (stopped === 'timeout') return { status: 'timeout', timeoutMs: limits.timeoutMs, ...common };
  if (stopped) return { status: 'killed', reason: stopped, peakRssMb: Math.round(peakRssMb), ...common };
  if (exit.signal === 'SIGXCPU') return { status: 'killed', reason: 'cpu', peakRssMb: Math.round(peakRssMb), ...common };
  return crashed(exit, common);
}

function crashed(exit: WorkerExit, common: Pick<SandboxResult, 'durationMs' | 'stderrTail' | 'lastProgress'>): SandboxResult {
  const stderrTail = exit.spawnError ? `${common.stderrTail}could not start worker: ${exit.spawnError.message}` : common.stderrTail;
  return { status: 'crashed', exitCode: exit.exitCode, signal: exit.signal, ...common, stderrTail };
}
