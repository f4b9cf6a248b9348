/**
 * @module The event log newest first (the store's `listEvents` tails it oldest first).
 */
import { EventRowSchema, type Db, type EventRow } from '../../store/index.js';

export const EVENT_COLUMNS = `id, kind, evolution, design_id AS "designId", node_id AS "nodeId", job_id AS "jobId", data, created_at AS "createdAt"`;

/** Events newest first; `before` pages back. */
export async function recentEvents(db: Db, options: { kind?: string; evolution?: string; before?: number; limit: number }): Promise<EventRow[]> {
  const { rows } = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR evolution = $2)
       AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4`,
    [options.kind ?? null, options.evolution ?? null, options.before ?? null, options.limit]);
  return rows.map((row) => EventRowSchema.parse(row));
}
