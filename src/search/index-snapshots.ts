/**
 * @module Saved full-text indexes (serialised BM25 index JSON) in the store, so a process loads the
 * index instead of rebuilding it. A snapshot records the paper revision it covers and its layout
 * `format`; a reader with another format rebuilds.
 */
import { z } from 'zod';
import type { Db } from '../store/index.js';

export const IndexSnapshotSchema = z.object({
  name: z.string(),
  format: z.string(),
  revision: z.coerce.number().int(),
  documents: z.number().int(),
  data: z.string(),
});
export type IndexSnapshot = z.infer<typeof IndexSnapshotSchema>;

export async function loadIndexSnapshot(db: Db, options: { name: string }): Promise<IndexSnapshot | undefined> {
  const { rows } = await db.query('SELECT name, format, revision, documents, data FROM search_indexes WHERE name = $1', [options.name]);
  return rows[0] ? IndexSnapshotSchema.parse(rows[0]) : undefined;
}

/** Saves a snapshot unless a newer one (a higher revision, written by another process) is already there. */
export async function saveIndexSnapshot(db: Db, snapshot: IndexSnapshot): Promise<void> {
  await db.query(
    `INSERT INTO search_indexes (name, format, revision, documents, data) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name) DO UPDATE SET format = excluded.format, revision = excluded.revision, documents = excluded.documents,
       data = excluded.data, updated_at = now()
     WHERE search_indexes.revision <= excluded.revision OR search_indexes.format <> excluded.format`,
    [snapshot.name, snapshot.format, snapshot.revision, snapshot.documents, snapshot.data],
  );
}
