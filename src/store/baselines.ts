/**
 * @module The untrained baseline of each (ladder, scale), shared by every evolution: the fitness
 * keeps a metric column only where some design beats it by a margin.
 */
import { z } from 'zod';
import { BaselineRecordSchema, type BaselineRecord } from '../verify/index.js';
import { json, type Db } from './db.js';
import { parseRows } from './row-types.js';

const BaselineRowSchema = z.object({ record: BaselineRecordSchema });

/** Inserts or replaces the baseline of the record's (ladder, scale). */
export async function upsertBaseline(db: Db, record: BaselineRecord): Promise<void> {
  const parsed = BaselineRecordSchema.parse(record);
  await db.query(
    `INSERT INTO baselines (ladder, scale, record) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (ladder, scale) DO UPDATE SET record = EXCLUDED.record, updated_at = now()`,
    [parsed.ladder, parsed.scale, json(parsed)],
  );
}

/** The baselines of a ladder by scale name. */
export async function listBaselines(db: Db, options: { ladder: string }): Promise<Map<string, BaselineRecord>> {
  const { rows } = await db.query('SELECT record FROM baselines WHERE ladder = $1 ORDER BY scale', [options.ladder]);
  return new Map(parseRows(BaselineRowSchema, rows).map(({ record }) => [record.scale, record]));
}
