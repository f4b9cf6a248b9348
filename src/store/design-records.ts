/**
 * @module What the designer writes about a design: proposals (versioned), reviews of them, and
 * implementation attempts with their checker reports.
 */
import { z } from 'zod';
import { CheckReportSchema } from '../checker/report.js';
import { json, type Db } from './db.js';
import { parseRows, TimestampSchema } from './row-types.js';

const DataSchema = z.record(z.string(), z.unknown());

export const ProposalRowSchema = z.object({
  id: z.string(),
  designId: z.string(),
  version: z.number().int(),
  text: z.string(),
  rating: z.number().nullable(),
  data: DataSchema,
  createdAt: TimestampSchema,
});
export type ProposalRow = z.infer<typeof ProposalRowSchema>;

export const ReviewRowSchema = z.object({
  id: z.string(),
  designId: z.string(),
  proposalVersion: z.number().int(),
  reviewer: z.string(),
  text: z.string(),
  rating: z.number().nullable(),
  data: DataSchema,
  createdAt: TimestampSchema,
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

export const ImplementationAttemptRowSchema = z.object({
  id: z.string(),
  designId: z.string(),
  attempt: z.number().int(),
  unitName: z.string().nullable(),
  status: z.enum(['accepted', 'rejected', 'error']),
  report: CheckReportSchema.nullable(),
  data: DataSchema,
  createdAt: TimestampSchema,
});
export type ImplementationAttemptRow = z.infer<typeof ImplementationAttemptRowSchema>;

type Insert<Row> = Omit<Row, 'id' | 'createdAt' | 'data'> & { id?: string; createdAt?: string; data?: Record<string, unknown> };

/** Adds a proposal version; (design, version) is unique, and re-adding the same id is a no-op. */
export async function addProposal(db: Db, proposal: Insert<ProposalRow>): Promise<ProposalRow> {
  const { rows } = await db.query(
    `INSERT INTO proposals (id, design_id, version, text, rating, data, created_at)
     VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6::jsonb, coalesce($7::timestamptz, now()))
     ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
     RETURNING id, design_id AS "designId", version, text, rating, data, created_at AS "createdAt"`,
    [proposal.id ?? null, proposal.designId, proposal.version, proposal.text, proposal.rating, json(proposal.data ?? {}), proposal.createdAt ?? null],
  );
  return parseRows(ProposalRowSchema, rows)[0]!;
}

export async function addReview(db: Db, review: Insert<ReviewRow>): Promise<ReviewRow> {
  const { rows } = await db.query(
    `INSERT INTO reviews (id, design_id, proposal_version, reviewer, text, rating, data, created_at)
     VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6, $7::jsonb, coalesce($8::timestamptz, now()))
     ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
     RETURNING id, design_id AS "designId", proposal_version AS "proposalVersion", reviewer, text, rating, data, created_at AS "createdAt"`,
    [review.id ?? null, review.designId, review.proposalVersion, review.reviewer, review.text, review.rating, json(review.data ?? {}), review.createdAt ?? null],
  );
  return parseRows(ReviewRowSchema, rows)[0]!;
}

export async function addImplementationAttempt(db: Db, attempt: Insert<ImplementationAttemptRow>): Promise<ImplementationAttemptRow> {
  const { rows } = await db.query(
    `INSERT INTO implementation_attempts (id, design_id, attempt, unit_name, status, report, data, created_at)
     VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6::jsonb, $7::jsonb, coalesce($8::timestamptz, now()))
     ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
     RETURNING id, design_id AS "designId", attempt, unit_name AS "unitName", status, report, data, created_at AS "createdAt"`,
    [attempt.id ?? null, attempt.designId, attempt.attempt, attempt.unitName, attempt.status, json(attempt.report), json(attempt.data ?? {}), attempt.createdAt ?? null],
  );
  return parseRows(ImplementationAttemptRowSchema, rows)[0]!;
}

export async function listProposals(db: Db, options: { designId: string }): Promise<ProposalRow[]> {
  const { rows } = await db.query(
    `SELECT id, design_id AS "designId", version, text, rating, data, created_at AS "createdAt"
     FROM proposals WHERE design_id = $1 ORDER BY version`,
    [options.designId],
  );
  return parseRows(ProposalRowSchema, rows);
}

export async function listReviews(db: Db, options: { designId: string }): Promise<ReviewRow[]> {
  const { rows } = await db.query(
    `SELECT id, design_id AS "designId", proposal_version AS "proposalVersion", reviewer, text, rating, data, created_at AS "createdAt"
     FROM reviews WHERE design_id = $1 ORDER BY proposal_version, created_at, id`,
    [options.designId],
  );
  return parseRows(ReviewRowSchema, rows);
}

export async function listImplementationAttempts(db: Db, options: { designId: string }): Promise<ImplementationAttemptRow[]> {
  const { rows } = await db.query(
    `SELECT id, design_id AS "designId", attempt, unit_name AS "unitName", status, report, data, created_at AS "createdAt"
     FROM implementation_attempts WHERE design_id = $1 ORDER BY attempt`,
    [options.designId],
  );
  return parseRows(ImplementationAttemptRowSchema, rows);
}
