/**
 * @module Migration 4: checkpoints of design sessions. A designer that works in steps (the LLM
 * flow: proposal, then unit by unit) saves its state under the job's session key after each step,
 * so a session that crashed, ran out of budget or lost its provider resumes where it stopped.
 */
export const sql = /* sql */ `
CREATE TABLE design_sessions (
  session_key  text PRIMARY KEY,
  evolution    text,
  designer     text NOT NULL,
  stage        text NOT NULL,
  state        jsonb NOT NULL,
  cost_usd     double precision NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX design_sessions_by_evolution ON design_sessions (evolution, updated_at);
`;
