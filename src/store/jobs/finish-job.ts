/**
 * @module Finishing a job, fenced by its lease token: only the current holder can complete or
 * fail it, and a repeated call by that holder (a retry after a lost reply) is recognised, so a
 * job completes exactly once.
 */
import { json, type Db } from '../db.js';
import { JOB_COLUMNS, JobRowSchema, type JobRow } from './job-rows.js';

export type CompleteOutcome = 'completed' | 'already-completed' | 'lease-lost';
export type FailOutcome = 'requeued' | 'failed' | 'already-failed' | 'lease-lost';

async function attemptOutcome(db: Db, leaseToken: string): Promise<string | null> {
  const { rows } = await db.query('SELECT outcome FROM job_attempts WHERE lease_token = $1', [leaseToken]);
  return (rows[0]?.outcome as string | null | undefined) ?? null;
}

async function readJob(db: Db, jobId: number): Promise<JobRow | undefined> {
  const { rows } = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = $1`, [jobId]);
  return rows[0] ? JobRowSchema.parse(rows[0]) : undefined;
}

export interface CompleteJobOptions {
  jobId: number;
  leaseToken: string;
  result?: unknown;
  /** Writes that belong to the result (a verification row, …): committed only if the lease is still ours. */
  effects?: (tx: Db) => Promise<void>;
}

// One statement: the job and its attempt change together, or not at all.
const COMPLETE = `
WITH done AS (
  UPDATE jobs j SET status = 'succeeded', result = $3::jsonb, finished_at = now(), node_id = NULL, lease_token = NULL,
    lease_expires_at = NULL, updated_at = now()
  WHERE j.id = $1 AND j.lease_token = $2 AND j.status = 'running' RETURNING ${JOB_COLUMNS}
), attempt AS (
  UPDATE job_attempts SET ended_at = now(), outcome = 'succeeded' WHERE lease_token = $2 AND EXISTS (SELECT 1 FROM done)
)
SELECT * FROM done`;

/** Marks the job succeeded with its result, in one transaction with `effects` (one statement without). */
export async function completeJob(db: Db, options: CompleteJobOptions): Promise<{ outcome: CompleteOutcome; job: JobRow | undefined }> {
  const complete = async (tx: Db) => {
    const { rows } = await tx.query(COMPLETE, [options.jobId, options.leaseToken, json(options.result ?? null)]);
    if (!rows[0]) {
      const outcome: CompleteOutcome = (await attemptOutcome(tx, options.leaseToken)) === 'succeeded' ? 'already-completed' : 'lease-lost';
      return { outcome, job: await readJob(tx, options.jobId) };
    }
    await options.effects?.(tx);
    return { outcome: 'completed' as const, job: JobRowSchema.parse(rows[0]) };
  };
  return options.effects ? db.transaction(complete) : complete(db);
}

export interface FailJobOptions {
  jobId: number;
  leaseToken: string;
  /** What went wrong, kept on the job and its attempt. */
  error: string;
  /** False for errors a retry cannot fix (bad payload): fail now. Default true. */
  retry?: boolean;
  /** Wait before the retry is claimable (seconds, default 0). */
  retryDelaySeconds?: number;
}

/** Re-queues the job while attempts remain (and `retry`), otherwise fails it for good. */
export async function failJob(db: Db, options: FailJobOptions): Promise<{ outcome: FailOutcome; job: JobRow | undefined }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE jobs j SET
         status = CASE WHEN $4::boolean AND j.attempts < j.max_attempts THEN 'queued' ELSE 'failed' END,
         finished_at = CASE WHEN $4::boolean AND j.attempts < j.max_attempts THEN NULL ELSE now() END,
         run_after = now() + $5 * interval '1 second', last_error = $3,
         node_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE j.id = $1 AND j.lease_token = $2 AND j.status = 'running' RETURNING ${JOB_COLUMNS}`,
      [options.jobId, options.leaseToken, options.error, options.retry ?? true, options.retryDelaySeconds ?? 0],
    );
    if (!rows[0]) {
      const outcome = (await attemptOutcome(tx, options.leaseToken)) === 'failed' ? 'already-failed' : 'lease-lost';
      return { outcome, job: await readJob(tx, options.jobId) };
    }
    await tx.query(`UPDATE job_attempts SET ended_at = now(), outcome = 'failed', reason = $2 WHERE lease_token = $1`, [options.leaseToken, options.error]);
    const job = JobRowSchema.parse(rows[0]);
    return { outcome: job.status === 'queued' ? 'requeued' : 'failed', job };
  });
}

/** Cancels a queued or running job; a running worker learns it at its next heartbeat. False when already finished. */
export async function cancelJob(db: Db, options: { jobId: number; reason?: string }): Promise<boolean> {
  const reason = options.reason ?? 'cancelled';
  const { rows } = await db.query(
    `WITH taken AS (
       SELECT id, lease_token FROM jobs WHERE id = $1 AND status IN ('queued', 'running') FOR UPDATE
     ), cancelled AS (
       UPDATE jobs j SET status = 'cancelled', last_error = $2, finished_at = now(), node_id = NULL, lease_token = NULL,
         lease_expires_at = NULL, updated_at = now()
       FROM taken WHERE j.id = taken.id RETURNING j.id
     ), attempts AS (
       UPDATE job_attempts a SET ended_at = now(), outcome = 'cancelled', reason = $2 FROM taken WHERE a.lease_token = taken.lease_token
     )
     SELECT id FROM cancelled`,
    [options.jobId, reason],
  );
  return rows.length > 0;
}
