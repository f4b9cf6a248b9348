/**
 * @module Job and attempt rows. A job's lifecycle:
 * queued → running (claimed, leased) → succeeded | failed | cancelled, or back to queued when its
 * lease expires, its node is lost, it is released, or it fails with retries left.
 */
import { z } from 'zod';
import { BigIntSchema, NullableTimestampSchema, TimestampSchema } from '../row-types.js';

export const JobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobRowSchema = z.object({
  id: BigIntSchema,
  kind: z.string(),
  payload: z.unknown(),
  status: JobStatusSchema,
  priority: z.number().int(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  dedupeKey: z.string().nullable(),
  runAfter: TimestampSchema,
  nodeId: z.string().nullable(),
  leaseToken: z.string().nullable(),
  leaseExpiresAt: NullableTimestampSchema,
  result: z.unknown(),
  lastError: z.string().nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  startedAt: NullableTimestampSchema,
  finishedAt: NullableTimestampSchema,
});
export type JobRow = z.infer<typeof JobRowSchema>;

/** A job this worker holds: the lease token fences every later write. */
export const ClaimedJobSchema = JobRowSchema.extend({ leaseToken: z.string(), leaseExpiresAt: TimestampSchema });
export type ClaimedJob = z.infer<typeof ClaimedJobSchema>;

export const AttemptOutcomeSchema = z.enum(['succeeded', 'failed', 'expired', 'node-lost', 'released', 'cancelled']);
export type AttemptOutcome = z.infer<typeof AttemptOutcomeSchema>;

export const JobAttemptRowSchema = z.object({
  jobId: BigIntSchema,
  attempt: z.number().int(),
  nodeId: z.string(),
  leaseToken: z.string(),
  startedAt: TimestampSchema,
  endedAt: NullableTimestampSchema,
  outcome: AttemptOutcomeSchema.nullable(),
  reason: z.string().nullable(),
});
export type JobAttemptRow = z.infer<typeof JobAttemptRowSchema>;

/** The job columns under the names of JobRowSchema, for `SELECT ${JOB_COLUMNS} FROM jobs j`. */
export const JOB_COLUMNS = `j.id, j.kind, j.payload, j.status, j.priority, j.attempts, j.max_attempts AS "maxAttempts",
  j.dedupe_key AS "dedupeKey", j.run_after AS "runAfter", j.node_id AS "nodeId", j.lease_token AS "leaseToken",
  j.lease_expires_at AS "leaseExpiresAt", j.result, j.last_error AS "lastError", j.created_at AS "createdAt",
  j.updated_at AS "updatedAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;
