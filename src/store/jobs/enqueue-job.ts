/**
 * @module Enqueue: one row per job; a dedupe key makes enqueueing the same live work a no-op.
 */
import { json, type Db } from '../db.js';
import { JOB_COLUMNS, JobRowSchema, type JobRow } from './job-rows.js';

export interface EnqueueJobOptions {
  kind: string;
  payload?: unknown;
  /** Higher runs first (default 0). */
  priority?: number;
  /** Claims allowed before the job fails for good (default 3). */
  maxAttempts?: number;
  /** While a job with this key is queued or running, enqueueing it again returns that job. */
  dedupeKey?: string;
  /** Not claimable before this many seconds from now (database clock). */
  delaySeconds?: number;
}

/** Adds a job (or returns the live job with the same dedupe key); `created` says which. */
export async function enqueueJob(db: Db, options: EnqueueJobOptions): Promise<{ job: JobRow; created: boolean }> {
  const { rows } = await db.query(
    `INSERT INTO jobs AS j (kind, payload, priority, max_attempts, dedupe_key, run_after)
     VALUES ($1, $2::jsonb, $3, $4, $5, now() + $6 * interval '1 second')
     ON CONFLICT (dedupe_key) WHERE status IN ('queued', 'running') DO NOTHING
     RETURNING ${JOB_COLUMNS}`,
    [options.kind, json(options.payload ?? {}), options.priority ?? 0, options.maxAttempts ?? 3, options.dedupeKey ?? null, options.delaySeconds ?? 0],
  );
  if (rows[0]) return { job: JobRowSchema.parse(rows[0]), created: true };
  const existing = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.dedupe_key = $1 AND j.status IN ('queued', 'running')`, [options.dedupeKey]);
  // The live job finished between our insert and this read: try once more.
  if (!existing.rows[0]) return enqueueJob(db, options);
  return { job: JobRowSchema.parse(existing.rows[0]), created: false };
}
