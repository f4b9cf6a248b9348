/**
 * @module Taking jobs back from workers that stopped renewing: expired leases (any claimer or a
 * sweeper calls this) and the jobs of a node marked lost. The attempt is counted and its reason
 * kept; a job out of attempts fails instead of going back to the queue.
 */
import type { Db } from '../db.js';

export interface EndedLease {
  jobId: number;
  nodeId: string | null;
  status: 'queued' | 'failed';
}

const END_LEASES = (selection: string) => `
WITH taken AS (
  ${selection}
  FOR UPDATE SKIP LOCKED
), ended AS (
  UPDATE jobs j SET
    status = CASE WHEN j.attempts >= j.max_attempts THEN 'failed' ELSE 'queued' END,
    finished_at = CASE WHEN j.attempts >= j.max_attempts THEN now() END,
    last_error = $1 || coalesce(taken.node_id, '?'),
    node_id = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
  FROM taken WHERE j.id = taken.id
  RETURNING j.id, taken.node_id, taken.lease_token, j.status
), attempts AS (
  UPDATE job_attempts a SET ended_at = now(), outcome = $2, reason = $1 || coalesce(ended.node_id, '?')
  FROM ended WHERE a.lease_token = ended.lease_token
), logged AS (
  INSERT INTO events (kind, node_id, job_id, data)
  SELECT 'job-' || $2, ended.node_id, ended.id, jsonb_build_object('status', ended.status) FROM ended
)
SELECT id, node_id, status FROM ended ORDER BY id`;

function toEnded(rows: Record<string, unknown>[]): EndedLease[] {
  return rows.map((row) => ({ jobId: Number(row.id), nodeId: (row.node_id as string | null) ?? null, status: row.status as 'queued' | 'failed' }));
}

/** Re-queues (or fails) running jobs whose lease expired by the database clock. */
export async function reapExpiredLeases(db: Db, options: { limit?: number } = {}): Promise<EndedLease[]> {
  const { rows } = await db.query(
    END_LEASES(`SELECT id, node_id, lease_token FROM jobs WHERE status = 'running' AND lease_expires_at < now()
      ORDER BY lease_expires_at LIMIT $3`),
    ['lease expired: not renewed by node ', 'expired', options.limit ?? 100],
  );
  return toEnded(rows);
}

/** Re-queues (or fails) the running jobs of nodes that were declared lost. */
export async function requeueNodeJobs(db: Db, options: { nodeIds: string[] }): Promise<EndedLease[]> {
  if (options.nodeIds.length === 0) return [];
  const { rows } = await db.query(
    END_LEASES(`SELECT id, node_id, lease_token FROM jobs WHERE status = 'running' AND node_id = ANY($3::text[])`),
    ['node lost: ', 'node-lost', options.nodeIds],
  );
  return toEnded(rows);
}
