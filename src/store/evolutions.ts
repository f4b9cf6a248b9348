/**
 * @module Evolutions: the named experiments of a workspace, each with its own config.
 */
import { z } from 'zod';
import { json, type Db } from './db.js';
import { parseRows, TimestampSchema } from './row-types.js';

export const EvolutionRowSchema = z.object({
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  createdAt: TimestampSchema,
});
export type EvolutionRow = z.infer<typeof EvolutionRowSchema>;

const COLUMNS = 'name, config, created_at AS "createdAt"';

/** Creates the evolution when absent (its config is kept when present). */
export async function ensureEvolution(db: Db, options: { name: string; config?: Record<string, unknown>; createdAt?: string }): Promise<EvolutionRow> {
  await db.query(
    `INSERT INTO evolutions (name, config, created_at) VALUES ($1, $2::jsonb, coalesce($3::timestamptz, now()))
     ON CONFLICT (name) DO NOTHING`,
    [options.name, json(options.config ?? {}), options.createdAt ?? null],
  );
  const row = await getEvolution(db, { name: options.name });
  if (!row) throw new Error(`evolution ${options.name} vanished after insert`);
  return row;
}

/** Replaces an evolution's config. */
export async function setEvolutionConfig(db: Db, options: { name: string; config: Record<string, unknown> }): Promise<void> {
  await db.query('UPDATE evolutions SET config = $2::jsonb WHERE name = $1', [options.name, json(options.config)]);
}

export async function getEvolution(db: Db, options: { name: string }): Promise<EvolutionRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM evolutions WHERE name = $1`, [options.name]);
  return parseRows(EvolutionRowSchema, rows)[0];
}

export async function listEvolutions(db: Db): Promise<EvolutionRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM evolutions ORDER BY name`);
  return parseRows(EvolutionRowSchema, rows);
}
