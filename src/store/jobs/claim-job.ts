/**
 * @module Claim: the next queued job of the given kinds, locked with FOR UPDATE SKIP LOCKED so
 * concurrent claimers never wait on or take the same row, leased until now() + leaseSeconds by
 * the database clock (worker clocks never matter). A registered node claims only while the store
 * has it active, so once a pause or drain is acknowledged there no claim in flight slips through;
 * unregistered in-process workers claim freely.
 */
import type { Db } from '../db.js';
import { reapExpiredLeases } from './end-leases.js';
import { ClaimedJobSchema, JOB_COLUMNS, type ClaimedJob } from './job-rows.js';

export interface ClaimJobOptions {
  nodeId: string;
  kinds: string[];
  /** Lease length in seconds; the worker renews it (heartbeatJob) well before it ends. */
  leaseSeconds: number;
  /** Re-queue expired leases first (default true), so no separate sweeper is needed. */
  reap?: boolean;
}

const CLAIM = `
WITH next AS (
  SELECT id FROM jobs
  WHERE status = 'queued' AND run_after <= now() AND kind = ANY($2::text[])
    AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.id = $1 AND nodes.status <> 'active')
  ORDER BY priority DESC, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, node_id = $1,
    lease_token = gen_random_uuid()::text, lease_expires_at = now() + $3 * interval '1 second',
    started_at = now(), updated_at = now()
  FROM next WHERE j.id = next.id
  RETURNING j.*
), attempt AS (
  INSERT INTO job_attempts (lease_token, job_id, attempt, node_id, started_at)
  SELECT lease_token, id, attempts, node_id, started_at FROM claimed
)
SELECT ${JOB_COLUMNS} FROM claimed j`;

/** Leases one job, or returns undefined when none is claimable. */
export async function claimJob(db: Db, options: ClaimJobOptions): Promise<ClaimedJob | undefined> {
  if (options.kinds.length === 0) return undefined;
  if (options.reap ?? true) await reapExpiredLeases(db);
  const { rows } = await db.query(CLAIM, [options.nodeId, options.kinds, options.leaseSeconds]);
  return rows[0] ? ClaimedJobSchema.parse(rows[0]) : undefined;
}
