/**
 * @module Reading jobs: one job, a filtered list, its attempt history, and waiting for a result.
 */
import type { Db } from '../db.js';
import { parseRows } from '../row-types.js';
import { JOB_COLUMNS, JobAttemptRowSchema, JobRowSchema, type JobAttemptRow, type JobRow, type JobStatus } from './job-rows.js';

export async function getJob(db: Db, options: { jobId: number }): Promise<JobRow | undefined> {
  const { rows } = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = $1`, [options.jobId]);
  return parseRows(JobRowSchema, rows)[0];
}

export async function listJobs(db: Db, options: { status?: JobStatus; kind?: string; nodeId?: string; limit?: number } = {}): Promise<JobRow[]> {
  const { rows } = await db.query(
    `SELECT ${JOB_COLUMNS} FROM jobs j WHERE ($1::text IS NULL OR j.status = $1) AND ($2::text IS NULL OR j.kind = $2)
       AND ($3::text IS NULL OR j.node_id = $3) ORDER BY j.id LIMIT $4`,
    [options.status ?? null, options.kind ?? null, options.nodeId ?? null, options.limit ?? 1000],
  );
  return parseRows(JobRowSchema, rows);
}

/** Counts of jobs per status (every status present, zero when none). */
export async function countJobs(db: Db, options: { kind?: string } = {}): Promise<Record<JobStatus, number>> {
  const { rows } = await db.query('SELECT status, count(*)::int AS count FROM jobs WHERE $1::text IS NULL OR kind = $1 GROUP BY status', [options.kind ?? null]);
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status as JobStatus] = Number(row.count);
  return counts;
}

/** Every lease the job has had, oldest first: who ran it and how each attempt ended. */
export async function listJobAttempts(db: Db, options: { jobId: number }): Promise<JobAttemptRow[]> {
  const { rows } = await db.query(
    `SELECT job_id AS "jobId", attempt, node_id AS "nodeId", lease_token AS "leaseToken", started_at AS "startedAt",
       ended_at AS "endedAt", outcome, reason FROM job_attempts WHERE job_id = $1 ORDER BY started_at, lease_token`,
    [options.jobId],
  );
  return parseRows(JobAttemptRowSchema, rows);
}

const FINISHED: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Polls until the job is succeeded, failed or cancelled (or `timeoutMs` passes: throws). */
export async function waitForJob(db: Db, options: { jobId: number; timeoutMs?: number; pollMs?: number; signal?: AbortSignal }): Promise<JobRow> {
  const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  for (;;) {
    const job = await getJob(db, { jobId: options.jobId });
    if (!job) throw new Error(`no job ${options.jobId}`);
    if (FINISHED.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${options.jobId} still ${job.status} after ${options.timeoutMs} ms`);
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}
