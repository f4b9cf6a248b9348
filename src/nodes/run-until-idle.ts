/**
 * @module An in-process worker for single-machine commands: run the queued jobs of some kinds
 * until none is left, without registering a node (what `genesys check` uses with no --db).
 */
import type { Db } from '../store/index.js';
import { defaultJobRegistry } from './default-registry.js';
import type { JobRegistry } from './job-registry.js';
import type { JobEnd } from './run-job.js';
import { runWorkerLoop } from './worker-loop.js';

export interface RunUntilIdleOptions {
  db: Db;
  kinds: string[];
  registry?: JobRegistry;
  /** Worker id recorded on the jobs' attempts (default `local-<pid>`). */
  workerId?: string;
  concurrency?: number;
  /** Handed to job handlers (default: GENESYS_WORKSPACE or `.genesys`). */
  workspace?: string;
  /** Handed to job handlers (default: GENESYS_ARTIFACTS or `<workspace>/artifacts`). */
  artifacts?: string;
  leaseSeconds?: number;
  signal?: AbortSignal;
  log?(message: string): void;
}

/** Claims and runs jobs until the queue has none of `kinds` claimable; returns how each ended. */
export async function runJobsUntilIdle(options: RunUntilIdleOptions): Promise<{ jobId: number; end: JobEnd }[]> {
  const ends: { jobId: number; end: JobEnd }[] = [];
  const never = new AbortController().signal;
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, () => runWorkerLoop({
    db: options.db,
    nodeId: options.workerId ?? `local-${process.pid}`,
    kinds: options.kinds,
    registry: options.registry ?? defaultJobRegistry,
    leaseSeconds: options.leaseSeconds ?? 60,
    pollMs: 0,
    canClaim: () => true,
    stopSignal: options.signal ?? never,
    releaseSignal: options.signal ?? never,
    exitWhenIdle: true,
    workspace: options.workspace,
    artifacts: options.artifacts,
    onJobEnd: (jobId, end) => ends.push({ jobId, end }),
    log: options.log ?? (() => undefined),
  })));
  return ends;
}
