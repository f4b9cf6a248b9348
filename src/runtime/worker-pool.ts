/**
 * @module A warm pool of long-lived workers for TRUSTED ops only.
 *
 * Trusted means the op never executes design code (static analysis with Python `ast`, normalisation):
 * these workers are not sandboxed and keep the full environment. Anything that runs a design goes through
 * `runSandboxed` instead. Requests queue until a worker is free; a worker that dies fails only its
 * in-flight request and is replaced when the next request needs it.
 */
import { PoolClosedError, WorkerCrashedError, WorkerOpError, WorkerTimeoutError } from './errors.js';
import { killGroup, trackGroup, untrackGroup } from './process-group.js';
import { PROTOCOL_VERSION, type LogEvent, type WorkerMessage } from './protocol.js';
import { findPython } from './python.js';
import { workerEnv } from './worker-env.js';
import { spawnWorker, type WorkerExit, type WorkerProcess } from './worker-process.js';

// How long close() lets idle workers exit on end of input before killing them (ms).
const CLOSE_GRACE_MS = 2_000;
// How long to wait for a dead worker's last stderr bytes before reporting its crash (ms).
const DRAIN_MS = 500;

export interface WorkerPoolOptions {
  /** Number of workers (default 1). */
  size?: number;
  /** Interpreter to use; by default `findPython({requireTorch})`. */
  python?: string;
  /** Only consulted when `python` is not given; default false, since analysis ops need no torch. */
  requireTorch?: boolean;
  /** Folders appended to the workers' PYTHONPATH (tests, plugins). */
  extraPythonPath?: string[];
  /** Variables added to the workers' environment. */
  env?: Record<string, string>;
}

export interface WorkerCallOptions {
  onProgress?: (data: Record<string, unknown>) => void;
  /** The worker's stderr while this request runs, and any log events the op sends. */
  onLog?: (event: LogEvent) => void;
  /** Aborting kills the worker serving the request (or drops it from the queue) and rejects with the reason. */
  signal?: AbortSignal;
  /** Counted from when a worker takes the request; on expiry the worker is killed (`WorkerTimeoutError`). */
  timeoutMs?: number;
}

interface Job {
  id: string;
  op: string;
  args: Record<string, unknown>;
  options: WorkerCallOptions;
  resolve: (data: Record<string, unknown>) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

interface PoolWorker {
  process: WorkerProcess;
  job: Job | undefined;
}

export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #size: number;
  #workers: PoolWorker[] = [];
  #queue: Job[] = [];
  #python: Promise<string> | undefined;
  #closed = false;
  #nextId = 0;

  constructor(options: WorkerPoolOptions = {}) {
    this.#options = options;
    this.#size = Math.max(1, options.size ?? 1);
  }

  /** Run a trusted op; resolves with its result data, rejects with a `RuntimeFailure` (`WorkerOpError`, …). */
  async call(op: string, args: Record<string, unknown> = {}, options: WorkerCallOptions = {}): Promise<Record<string, unknown>> {
    const python = await this.#resolvePython();
    if (this.#closed) throw new PoolClosedError(op);
    options.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const job: Job = { id: String(this.#nextId++), op, args, options, resolve, reject, cleanup: () => {} };
      const onAbort = () => this.#abort(job, options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      job.cleanup = () => options.signal?.removeEventListener('abort', onAbort);
      this.#queue.push(job);
      this.#dispatch(python);
    });
  }

  /** Reject queued and running requests with `PoolClosedError` and stop every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#settle(job, () => job.reject(new PoolClosedError(job.op)));
    const workers = [...this.#workers];
    for (const worker of workers) {
      if (worker.job) this.#retire(worker, new PoolClosedError(worker.job.op));
      else worker.process.endInput();
    }
    await Promise.all(
      workers.map(async (worker) => {
        const timer = setTimeout(() => worker.process.pid !== undefined && killGroup(worker.process.pid), CLOSE_GRACE_MS);
        await worker.process.exited;
        clearTimeout(timer);
      }),
    );
  }

  #resolvePython(): Promise<string> {
    this.#python ??= this.#options.python
      ? Promise.resolve(this.#options.python)
      : findPython({ requireTorch: this.#options.requireTorch ?? false }).then((info) => info.executable);
    return this.#python;
  }

  #dispatch(python: string): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let worker = this.#workers.find((candidate) => !candidate.job);
      if (!worker && this.#workers.length < this.#size) worker = this.#spawn(python);
      if (!worker) return;
      this.#start(worker, this.#queue.shift() as Job);
    }
  }

  #spawn(python: string): PoolWorker {
    const worker = { job: undefined } as PoolWorker;
    worker.process = spawnWorker({
      python,
      workerArgs: [],
      env: workerEnv({ extraPythonPath: this.#options.extraPythonPath, env: this.#options.env }),
      onMessage: (message) => this.#onMessage(worker, message, python),
      onProtocolError: (error) => this.#retire(worker, error),
      onStderr: (text) => {
        const job = worker.job;
        job?.options.onLog?.({ id: job.id, event: 'log', stream: 'stderr', text });
      },
    });
    const pid = worker.process.pid;
    if (pid !== undefined) trackGroup(pid);
    void worker.process.exited.then((exit) => this.#onExit(worker, exit, python));
    this.#workers.push(worker);
    return worker;
  }

  #start(worker: PoolWorker, job: Job): void {
    worker.job = job;
    const timeoutMs = job.options.timeoutMs;
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => this.#retire(worker, new WorkerTimeoutError(job.op, timeoutMs)), timeoutMs);
      const previous = job.cleanup;
      job.cleanup = () => {
        clearTimeout(timer);
        previous();
      };
    }
    worker.process.send({ v: PROTOCOL_VERSION, id: job.id, op: job.op, args: job.args });
  }

  #onMessage(worker: PoolWorker, message: WorkerMessage, python: string): void {
    const job = worker.job;
    if (message.event === 'ready' || !job || message.id !== job.id) return;
    if (message.event === 'progress') job.options.onProgress?.(message.data);
    else if (message.event === 'log') job.options.onLog?.(message);
    else {
      worker.job = undefined;
      if (message.event === 'result') this.#settle(job, () => job.resolve(message.data));
      else this.#settle(job, () => job.reject(new WorkerOpError(job.op, message.error)));
      this.#dispatch(python);
    }
  }

  async #onExit(worker: PoolWorker, exit: WorkerExit, python: string): Promise<void> {
    const pid = worker.process.pid;
    if (pid !== undefined) {
      killGroup(pid); // children it forked
      untrackGroup(pid);
    }
    this.#workers = this.#workers.filter((candidate) => candidate !== worker);
    const job = worker.job;
    if (job) {
      worker.job = undefined;
      await Promise.race([worker.process.closed, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
      const stderrTail = exit.spawnError
        ? `${worker.process.stderrTail()}could not start worker: ${exit.spawnError.message}`
        : worker.process.stderrTail();
      const error = new WorkerCrashedError({ op: job.op, exitCode: exit.exitCode, signal: exit.signal, stderrTail });
      this.#settle(job, () => job.reject(error));
    }
    this.#dispatch(python);
  }

  /** Kill a worker for its request's sake (timeout, abort, protocol violation, close) and fail that request. */
  #retire(worker: PoolWorker, error: unknown): void {
    const job = worker.job;
    worker.job = undefined;
    this.#workers = this.#workers.filter((candidate) => candidate !== worker);
    if (worker.process.pid !== undefined) killGroup(worker.process.pid);
    if (job) this.#settle(job, () => job.reject(error));
  }

  #abort(job: Job, reason: unknown): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#settle(job, () => job.reject(reason));
      return;
    }
    const worker = this.#workers.find((candidate) => candidate.job === job);
    if (worker) this.#retire(worker, reason);
  }

  #settle(job: Job, outcome: () => void): void {
    job.cleanup();
    outcome();
  }
}

/** Create a pool; remember to `close()` it. */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  return new WorkerPool(options);
}

let shared: WorkerPool | undefined;

/** The process-wide pool for trusted ops, created on first use (later `options` are ignored). */
export function getWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  shared ??= new WorkerPool(options);
  return shared;
}

/** Close the process-wide pool, if one was created; the next `getWorkerPool` starts a new one. */
export async function closeWorkerPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
