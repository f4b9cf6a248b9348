/**
 * @module LLM calls: the content-addressed cache (unique cache key) and the cost ledger.
 */
import { z } from 'zod';
import { json, type Db } from './db.js';
import { parseRows, TimestampSchema } from './row-types.js';

export const LlmCallRowSchema = z.object({
  id: z.string(),
  cacheKey: z.string(),
  evolution: z.string().nullable(),
  model: z.string(),
  role: z.string(),
  designId: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number().int(),
  request: z.unknown(),
  response: z.unknown(),
  createdAt: TimestampSchema,
});
export type LlmCallRow = z.infer<typeof LlmCallRowSchema>;

const COLUMNS = `id, cache_key AS "cacheKey", evolution, model, role, design_id AS "designId", tokens_in AS "tokensIn",
  tokens_out AS "tokensOut", cost_usd AS "costUsd", latency_ms AS "latencyMs", request, response, created_at AS "createdAt"`;

export type RecordLlmCallOptions = Omit<LlmCallRow, 'id' | 'createdAt' | 'evolution' | 'designId'> & {
  evolution?: string | null;
  designId?: string | null;
  id?: string;
  createdAt?: string;
};

/** Records a call; a second call with the same cache key keeps the first row and returns it. */
export async function recordLlmCall(db: Db, call: RecordLlmCallOptions): Promise<LlmCallRow> {
  await db.query(
    `INSERT INTO llm_calls (id, cache_key, evolution, model, role, design_id, tokens_in, tokens_out, cost_usd, latency_ms, request, response, created_at)
     VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, coalesce($13::timestamptz, now()))
     ON CONFLICT (cache_key) DO NOTHING`,
    [call.id ?? null, call.cacheKey, call.evolution ?? null, call.model, call.role, call.designId ?? null, call.tokensIn, call.tokensOut,
      call.costUsd, call.latencyMs, json(call.request), json(call.response), call.createdAt ?? null],
  );
  return (await findLlmCall(db, { cacheKey: call.cacheKey }))!;
}

/** The cached call for a key (a replay-mode lookup). */
export async function findLlmCall(db: Db, options: { cacheKey: string }): Promise<LlmCallRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM llm_calls WHERE cache_key = $1`, [options.cacheKey]);
  return parseRows(LlmCallRowSchema, rows)[0];
}

export async function listLlmCalls(db: Db, options: { evolution?: string; designId?: string } = {}): Promise<LlmCallRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM llm_calls WHERE ($1::text IS NULL OR evolution = $1) AND ($2::text IS NULL OR design_id = $2) ORDER BY created_at, id`,
    [options.evolution ?? null, options.designId ?? null],
  );
  return parseRows(LlmCallRowSchema, rows);
}

/** Total tokens and cost (USD) of an evolution's or a design's calls. */
export async function llmCost(db: Db, options: { evolution?: string; designId?: string } = {}): Promise<{ calls: number; tokensIn: number; tokensOut: number; costUsd: number }> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS calls, coalesce(sum(tokens_in), 0)::float8 AS "tokensIn", coalesce(sum(tokens_out), 0)::float8 AS "tokensOut",
       coalesce(sum(cost_usd), 0)::float8 AS "costUsd"
     FROM llm_calls WHERE ($1::text IS NULL OR evolution = $1) AND ($2::text IS NULL OR design_id = $2)`,
    [options.evolution ?? null, options.designId ?? null],
  );
  return z.object({ calls: z.number(), tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }).parse(rows[0]);
}
