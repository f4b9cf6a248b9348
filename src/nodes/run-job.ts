/**
 * @module Runs one claimed job: renews its lease while the handler works, aborts the handler when
 * the lease is lost, and finishes the job exactly once (complete, fail, or release on shutdown).
 */
import { completeJob, failJob, heartbeatJob, releaseJob, resolveStoreLocation, type ClaimedJob, type Db } from '../store/index.js';
import { PermanentJobError, type JobContext, type JobRegistry } from './job-registry.js';
import { retryTransient } from './pause.js';

export type JobEnd = 'completed' | 'already-completed' | 'lease-lost' | 'requeued' | 'failed' | 'already-failed' | 'released';

export interface RunJobOptions {
  db: Db;
  job: ClaimedJob;
  registry: JobRegistry;
  nodeId: string;
  leaseSeconds: number;
  /** Aborting it hands the job back to the queue (node shutdown); a handler that still finishes is completed. */
  releaseSignal: AbortSignal;
  /** The node's workspace, handed to handlers (default: GENESYS_WORKSPACE or `.genesys`). */
  workspace?: string;
  /** The artifact folder, handed to handlers (default: GENESYS_ARTIFACTS or `<workspace>/artifacts`). */
  artifacts?: string;
  log(message: string): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the job to its end and says how it ended. Never throws for handler errors. */
export async function runJob(options: RunJobOptions): Promise<JobEnd> {
  const { db, job, nodeId, leaseSeconds, log } = options;
  const lease = { jobId: job.id, leaseToken: job.leaseToken };
  const handler = options.registry.get(job.kind);
  if (!handler) {
    await retryTransient(() => releaseJob(db, { ...lease, reason: `node ${nodeId} has no handler for ${job.kind}` }));
    return 'released';
  }
  const controller = new AbortController();
  let leaseLost = false;
  const onRelease = () => controller.abort('released by node shutdown');
  options.releaseSignal.addEventListener('abort', onRelease, { once: true });
  // Renew at a third of the lease, so two missed renewals (a slow database) still keep it.
  const renewal = setInterval(() => {
    heartbeatJob(db, { ...lease, leaseSeconds }).then((held) => {
      if (!held && !leaseLost) {
        leaseLost = true;
        controller.abort('lease lost');
      }
    }, (error: unknown) => log(`job ${job.id}: lease renewal failed (will retry): ${message(error)}`));
  }, Math.max(100, (leaseSeconds * 1000) / 3));
  const location = resolveStoreLocation({ workspace: options.workspace });
  const context: JobContext = { job, db, nodeId, workspace: location.workspace, artifacts: options.artifacts ?? location.artifacts, signal: controller.signal, log };
  try {
    const parsed = handler.payload.safeParse(job.payload);
    if (!parsed.success) {
      const { outcome } = await retryTransient(() => failJob(db, { ...lease, error: `invalid payload: ${parsed.error.message}`, retry: false }));
      return outcome;
    }
    let result: unknown;
    try {
      result = await handler.run(parsed.data, context);
    } catch (error) {
      if (leaseLost) return 'lease-lost';
      if (options.releaseSignal.aborted) {
        const released = await retryTransient(() => releaseJob(db, { ...lease, reason: `node ${nodeId} shutting down` }));
        return released ? 'released' : 'lease-lost';
      }
      const { outcome } = await retryTransient(() => failJob(db, { ...lease, error: message(error), retry: !(error instanceof PermanentJobError) }));
      return outcome;
    }
    if (leaseLost) return 'lease-lost';
    try {
      const { outcome } = await retryTransient(() => completeJob(db, {
        ...lease,
        result,
        effects: handler.effects ? (tx) => handler.effects!(tx, result, context) : undefined,
      }));
      return outcome;
    } catch (error) {
      // The effects failed for a non-transient reason: the job failed, and nothing of it was written.
      const { outcome } = await retryTransient(() => failJob(db, { ...lease, error: `saving the result failed: ${message(error)}` }));
      return outcome;
    }
  } finally {
    clearInterval(renewal);
    options.releaseSignal.removeEventListener('abort', onRelease);
  }
}
