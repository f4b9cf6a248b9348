/**
 * @module Verification budgets per (evolution, ladder, scale), consumed atomically: a single
 * conditional UPDATE, so two nodes can never spend the last unit twice.
 */
import { z } from 'zod';
import type { Db } from './db.js';
import { parseRows, TimestampSchema } from './row-types.js';

export const BudgetRowSchema = z.object({
  evolution: z.string(),
  ladder: z.string(),
  scale: z.string(),
  total: z.number().int(),
  used: z.number().int(),
  updatedAt: TimestampSchema,
});
export type BudgetRow = z.infer<typeof BudgetRowSchema>;

const COLUMNS = 'evolution, ladder, scale, total, used, updated_at AS "updatedAt"';

/** Sets the total of a budget (creating it); `used` is kept, or set when given (import). */
export async function setBudget(db: Db, options: { evolution: string; ladder: string; scale: string; total: number; used?: number; updatedAt?: string }): Promise<BudgetRow> {
  const { rows } = await db.query(
    `INSERT INTO budgets (evolution, ladder, scale, total, used, updated_at) VALUES ($1, $2, $3, $4, coalesce($5, 0), coalesce($6::timestamptz, now()))
     ON CONFLICT (evolution, ladder, scale) DO UPDATE SET total = EXCLUDED.total, used = coalesce($5, budgets.used), updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [options.evolution, options.ladder, options.scale, options.total, options.used ?? null, options.updatedAt ?? null],
  );
  return parseRows(BudgetRowSchema, rows)[0]!;
}

/** Spends `amount` (default 1) if that much is left; returns the budget after, or undefined when not enough remained. */
export async function consumeBudget(db: Db, options: { evolution: string; ladder: string; scale: string; amount?: number }): Promise<BudgetRow | undefined> {
  const { rows } = await db.query(
    `UPDATE budgets SET used = used + $4, updated_at = now()
     WHERE evolution = $1 AND ladder = $2 AND scale = $3 AND used + $4 <= total RETURNING ${COLUMNS}`,
    [options.evolution, options.ladder, options.scale, options.amount ?? 1],
  );
  return parseRows(BudgetRowSchema, rows)[0];
}

/** Gives back `amount` (a verification that will not run); never below zero. */
export async function refundBudget(db: Db, options: { evolution: string; ladder: string; scale: string; amount?: number }): Promise<void> {
  await db.query(
    'UPDATE budgets SET used = greatest(used - $4, 0), updated_at = now() WHERE evolution = $1 AND ladder = $2 AND scale = $3',
    [options.evolution, options.ladder, options.scale, options.amount ?? 1],
  );
}

export async function listBudgets(db: Db, options: { evolution?: string } = {}): Promise<BudgetRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM budgets WHERE $1::text IS NULL OR evolution = $1 ORDER BY evolution, ladder, scale`,
    [options.evolution ?? null]);
  return parseRows(BudgetRowSchema, rows);
}
