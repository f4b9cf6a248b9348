/**
 * @module One worker: claim a job of the node's kinds, run it, repeat. Database outages are
 * waited out with backoff; the loop ends when the node stops (or, for in-process use, when idle).
 */
import { claimJob, isTransientDbError, type Db } from '../store/index.js';
import type { JobRegistry } from './job-registry.js';
import { pause } from './pause.js';
import { runJob, type JobEnd } from './run-job.js';

export interface WorkerLoopOptions {
  db: Db;
  nodeId: string;
  kinds: string[];
  registry: JobRegistry;
  leaseSeconds: number;
  /** Wait between claims when the queue is empty (ms). */
  pollMs: number;
  /** Checked before each claim (false while the node is paused or draining). */
  canClaim(): boolean;
  /** Aborted when the loop must end (after its current job). */
  stopSignal: AbortSignal;
  /** Aborted when the current job must be handed back. */
  releaseSignal: AbortSignal;
  /** Return as soon as no job is claimable (an in-process worker draining a queue). */
  exitWhenIdle?: boolean;
  /** The node's workspace, handed to job handlers. */
  workspace?: string;
  /** The artifact folder, handed to job handlers. */
  artifacts?: string;
  onJobStart?(jobId: number): void;
  onJobEnd?(jobId: number, end: JobEnd): void;
  log(message: string): void;
}

/** Runs until `stopSignal` aborts (or the queue is empty with `exitWhenIdle`). */
export async function runWorkerLoop(options: WorkerLoopOptions): Promise<void> {
  let backoffMs = 200;
  while (!options.stopSignal.aborted) {
    if (!options.canClaim()) {
      await pause(options.pollMs, options.stopSignal);
      continue;
    }
    let job;
    try {
      job = await claimJob(options.db, { nodeId: options.nodeId, kinds: options.kinds, leaseSeconds: options.leaseSeconds });
      backoffMs = 200;
    } catch (error) {
      if (!isTransientDbError(error)) throw error;
      options.log(`database unavailable, retrying in ${backoffMs} ms: ${(error as Error).message}`);
      await pause(backoffMs, options.stopSignal);
      backoffMs = Math.min(backoffMs * 2, 5000);
      continue;
    }
    if (!job) {
      if (options.exitWhenIdle) return;
      await pause(options.pollMs, options.stopSignal);
      continue;
    }
    options.onJobStart?.(job.id);
    const end = await runJob({ ...options, job });
    options.onJobEnd?.(job.id, end);
  }
}
