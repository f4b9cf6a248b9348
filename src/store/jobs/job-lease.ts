/**
 * @module Holding a lease: renew it (the job heartbeat) or hand the job back unfinished.
 */
import type { Db } from '../db.js';

/**
 * Extends the lease to now() + leaseSeconds. False means the lease is gone (expired and taken
 * over, node declared lost, or the job cancelled): the worker must stop and write nothing.
 */
export async function heartbeatJob(db: Db, options: { jobId: number; leaseToken: string; leaseSeconds: number }): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE jobs SET lease_expires_at = now() + $3 * interval '1 second', updated_at = now()
     WHERE id = $1 AND lease_token = $2 AND status = 'running' RETURNING id`,
    [options.jobId, options.leaseToken, options.leaseSeconds],
  );
  return rows.length > 0;
}

/**
 * Returns a running job to the queue without spending an attempt (a node shutting down).
 * False when the lease was already gone.
 */
export async function releaseJob(db: Db, options: { jobId: number; leaseToken: string; reason: string }): Promise<boolean> {
  const { rows } = await db.query(
    `WITH released AS (
       UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), node_id = NULL, lease_token = NULL,
         lease_expires_at = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2 AND status = 'running' RETURNING id
     ), attempts AS (
       UPDATE job_attempts SET ended_at = now(), outcome = 'released', reason = $3 WHERE lease_token = $2 AND EXISTS (SELECT 1 FROM released)
     )
     SELECT id FROM released`,
    [options.jobId, options.leaseToken, options.reason],
  );
  return rows.length > 0;
}
