/**
 * @module Checkpoints of design sessions (table `design_sessions`, migration 4): the state a
 * stepwise designer saved after its last step, by the job's session key.
 */
import { z } from 'zod';
import { json, type Db } from '../../store/index.js';

const RowSchema = z.object({ stage: z.string(), state: z.unknown(), costUsd: z.number() });
export type SessionRow = z.infer<typeof RowSchema>;

export async function loadSession(db: Db, sessionKey: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query('SELECT stage, state, cost_usd AS "costUsd" FROM design_sessions WHERE session_key = $1', [sessionKey]);
  return rows[0] ? RowSchema.parse(rows[0]) : undefined;
}

export async function saveSession(db: Db, session: { sessionKey: string; evolution: string; designer: string; stage: string; state: unknown; costUsd: number }): Promise<void> {
  await db.query(
    `INSERT INTO design_sessions (session_key, evolution, designer, stage, state, cost_usd)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (session_key) DO UPDATE SET stage = EXCLUDED.stage, state = EXCLUDED.state, cost_usd = EXCLUDED.cost_usd, updated_at = now()`,
    [session.sessionKey, session.evolution, session.designer, session.stage, json(session.state), session.costUsd],
  );
}

/** Forgets a session, so the next run starts it afresh (its LLM calls stay cached). */
export async function deleteSession(db: Db, sessionKey: string): Promise<void> {
  await db.query('DELETE FROM design_sessions WHERE session_key = $1', [sessionKey]);
}
