/**
 * @module Commands run their work as jobs: enqueue, then either work through them in this
 * process (the default, zero setup) or wait for the nodes on a shared database (`--db`).
 */
import { runJobsUntilIdle } from '../nodes/index.js';
import { enqueueJob, waitForJob, type JobRow, type Store } from '../store/index.js';
import { registerStageJobs } from './register-stage-jobs.js';

export interface RunQueuedOptions {
  store: Store;
  kind: string;
  payloads: unknown[];
  /** Work in this process even with a shared database (default: only with the workspace's PGlite). */
  local?: boolean;
  maxAttempts?: number;
  dedupeKey?: (payload: unknown) => string | undefined;
  log?: (message: string) => void;
}

/** Enqueues one job per payload and returns the finished job rows, in payload order. */
export async function runQueued({ store, kind, payloads, local, maxAttempts = 1, dedupeKey, log }: RunQueuedOptions): Promise<JobRow[]> {
  registerStageJobs();
  const ids: number[] = [];
  for (const payload of payloads) {
    const { job } = await enqueueJob(store.db, { kind, payload, maxAttempts, dedupeKey: dedupeKey?.(payload) });
    ids.push(Number(job.id));
  }
  if (local ?? !store.location.url) {
    await runJobsUntilIdle({ db: store.db, kinds: [kind], workspace: store.location.workspace, artifacts: store.location.artifacts, log });
  } else {
    log?.(`queued ${ids.length} ${kind} job(s) (${ids.join(', ')}); waiting for nodes (start one with: genesys node --role all --db …)`);
  }
  return Promise.all(ids.map((jobId) => waitForJob(store.db, { jobId, pollMs: 500 })));
}
