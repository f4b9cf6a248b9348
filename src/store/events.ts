/**
 * @module The append-only event log (noun-action kinds: `job-expired`, `node-lost`, `design-added`, …).
 */
import { z } from 'zod';
import { json, type Db } from './db.js';
import { BigIntSchema, parseRows, TimestampSchema } from './row-types.js';

export const EventRowSchema = z.object({
  id: BigIntSchema,
  kind: z.string(),
  evolution: z.string().nullable(),
  designId: z.string().nullable(),
  nodeId: z.string().nullable(),
  jobId: BigIntSchema.nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: TimestampSchema,
});
export type EventRow = z.infer<typeof EventRowSchema>;

export interface AppendEventOptions {
  kind: string;
  evolution?: string;
  designId?: string;
  nodeId?: string;
  jobId?: number;
  data?: Record<string, unknown>;
}

export async function appendEvent(db: Db, event: AppendEventOptions): Promise<void> {
  await db.query('INSERT INTO events (kind, evolution, design_id, node_id, job_id, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
    [event.kind, event.evolution ?? null, event.designId ?? null, event.nodeId ?? null, event.jobId ?? null, json(event.data ?? {})]);
}

/** Events after id `after` (for tailing), oldest first. */
export async function listEvents(db: Db, options: { after?: number; kind?: string; evolution?: string; limit?: number } = {}): Promise<EventRow[]> {
  const { rows } = await db.query(
    `SELECT id, kind, evolution, design_id AS "designId", node_id AS "nodeId", job_id AS "jobId", data, created_at AS "createdAt"
     FROM events WHERE id > $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR evolution = $3) ORDER BY id LIMIT $4`,
    [options.after ?? 0, options.kind ?? null, options.evolution ?? null, options.limit ?? 1000],
  );
  return parseRows(EventRowSchema, rows);
}
