/**
 * @module Verification results per (design, ladder, scale), with the metric columns that the
 * leaderboard query sorts on. The store answers queries; fitness and ranking live in evolution.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { VerificationRecordSchema, type VerificationRecord } from '../verify/index.js';
import { json, type Db } from './db.js';
import { BigIntSchema, parseRows, TimestampSchema } from './row-types.js';

export const VerificationRowSchema = z.object({
  id: z.string(),
  designId: z.string(),
  evolution: z.string(),
  ladder: z.string(),
  scale: z.string(),
  status: z.string(),
  record: VerificationRecordSchema,
  heldOutBpb: z.number().nullable(),
  heldOutLoss: z.number().nullable(),
  params: BigIntSchema.nullable(),
  wallSeconds: z.number().nullable(),
  /** name → sha256 of a file in the artifact store (checkpoint, log, curves). */
  artifacts: z.record(z.string(), z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type VerificationRow = z.infer<typeof VerificationRowSchema>;

const COLUMNS = `v.id, v.design_id AS "designId", v.evolution, v.ladder, v.scale, v.status, v.record,
  v.held_out_bpb AS "heldOutBpb", v.held_out_loss AS "heldOutLoss", v.params, v.wall_seconds AS "wallSeconds",
  v.artifacts, v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

/** The columns derived from a record (one definition, used on insert and on import). */
export function verificationMetrics(record: VerificationRecord): { heldOutBpb: number | null; heldOutLoss: number | null; params: number | null } {
  const heldOut = record.status === 'ok' ? record.evaluation.heldOut : null;
  return { heldOutBpb: heldOut?.bitsPerByte ?? null, heldOutLoss: heldOut?.loss ?? null, params: record.sizing?.params ?? null };
}

export interface UpsertVerificationOptions {
  designId: string;
  record: VerificationRecord;
  artifacts?: Record<string, string>;
  /** Kept on import. */
  id?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Inserts or replaces the result of (design, record.ladder, record.scale): re-running never duplicates. */
export async function upsertVerification(db: Db, options: UpsertVerificationOptions): Promise<VerificationRow> {
  const record = VerificationRecordSchema.parse(options.record);
  const metrics = verificationMetrics(record);
  const { rows } = await db.query(
    `INSERT INTO verifications AS v (id, design_id, evolution, ladder, scale, status, record, held_out_bpb, held_out_loss, params, wall_seconds, artifacts, created_at, updated_at)
     SELECT coalesce($1, gen_random_uuid()::text), d.id, d.evolution, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb,
            coalesce($12::timestamptz, now()), coalesce($13::timestamptz, now())
     FROM designs d WHERE d.id = $2
     ON CONFLICT (design_id, ladder, scale) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record,
       held_out_bpb = EXCLUDED.held_out_bpb, held_out_loss = EXCLUDED.held_out_loss, params = EXCLUDED.params,
       wall_seconds = EXCLUDED.wall_seconds, artifacts = EXCLUDED.artifacts, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [options.id ?? null, options.designId, record.ladder, record.scale, record.status, json(record), metrics.heldOutBpb, metrics.heldOutLoss,
      metrics.params, record.wallSeconds, json(options.artifacts ?? {}), options.createdAt ?? null, options.updatedAt ?? null],
  );
  if (rows.length === 0) throw new InputError(`no design with id ${options.designId}`);
  return parseRows(VerificationRowSchema, rows)[0]!;
}

export async function getVerification(db: Db, options: { designId: string; ladder: string; scale: string }): Promise<VerificationRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM verifications v WHERE v.design_id = $1 AND v.ladder = $2 AND v.scale = $3`,
    [options.designId, options.ladder, options.scale]);
  return parseRows(VerificationRowSchema, rows)[0];
}

/** Verifications of one design, or of a whole evolution (the population snapshot for ranking). */
export async function listVerifications(db: Db, options: { designId?: string; evolution?: string }): Promise<VerificationRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM verifications v WHERE ($1::text IS NULL OR v.design_id = $1) AND ($2::text IS NULL OR v.evolution = $2)
     ORDER BY v.design_id, v.ladder, v.scale`,
    [options.designId ?? null, options.evolution ?? null],
  );
  return parseRows(VerificationRowSchema, rows);
}

export const LeaderboardEntrySchema = z.object({
  scale: z.string(),
  rank: z.number().int(),
  designId: z.string(),
  designName: z.string(),
  heldOutBpb: z.number(),
  heldOutLoss: z.number().nullable(),
  params: BigIntSchema.nullable(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

/**
 * The best `limit` verified designs of each scale by held-out bits per byte (lower is better),
 * ties by design id. One index range scan per scale (index verifications_leaderboard).
 */
export async function leaderboard(db: Db, options: { evolution: string; ladder: string; limit?: number }): Promise<LeaderboardEntry[]> {
  const { rows } = await db.query(
    `SELECT s.scale, b."designId", b."designName", b."heldOutBpb", b."heldOutLoss", b.params
     FROM (SELECT DISTINCT scale FROM verifications WHERE evolution = $1 AND ladder = $2 AND status = 'ok' AND held_out_bpb IS NOT NULL) s
     CROSS JOIN LATERAL (
       SELECT v.design_id AS "designId", d.name AS "designName", v.held_out_bpb AS "heldOutBpb", v.held_out_loss AS "heldOutLoss", v.params
       FROM verifications v JOIN designs d ON d.id = v.design_id
       WHERE v.evolution = $1 AND v.ladder = $2 AND v.scale = s.scale AND v.status = 'ok' AND v.held_out_bpb IS NOT NULL
       ORDER BY v.held_out_bpb, v.design_id LIMIT $3
     ) b
     ORDER BY s.scale, b."heldOutBpb", b."designId"`,
    [options.evolution, options.ladder, options.limit ?? 10],
  );
  const rank = new Map<string, number>();
  return rows.map((row) => {
    const scale = String(row.scale);
    rank.set(scale, (rank.get(scale) ?? 0) + 1);
    return LeaderboardEntrySchema.parse({ ...row, rank: rank.get(scale) });
  });
}
