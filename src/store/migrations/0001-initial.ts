/**
 * @module Migration 1: the initial schema. Never edit a released migration; add the next file.
 *
 * Conventions: text ids (uuid by default, kept on import), jsonb for documents that are parsed by
 * zod on the way out, timestamps from the database clock (`now()`), one index per hot query.
 */
export const sql = /* sql */ `
CREATE TABLE evolutions (
  name        text PRIMARY KEY,
  config      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Units live inside the design document (the GAU tree is read and written whole);
-- design_units indexes them by code hash so reuse across designs is one query.
CREATE TABLE designs (
  id           text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  evolution    text NOT NULL REFERENCES evolutions(name) ON DELETE CASCADE,
  name         text NOT NULL,
  design_hash  text NOT NULL,
  origin       text NOT NULL,
  description  text NOT NULL DEFAULT '',
  design       jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (evolution, name),
  UNIQUE (evolution, design_hash)
);
CREATE INDEX designs_by_evolution ON designs (evolution, created_at, id);

-- The phylogenetic tree: one edge per parent, in the order the design lists them.
CREATE TABLE design_parents (
  design_id  text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  position   int  NOT NULL,
  parent_id  text NOT NULL REFERENCES designs(id),
  PRIMARY KEY (design_id, position)
);
CREATE INDEX design_parents_by_parent ON design_parents (parent_id);

CREATE TABLE design_units (
  design_id  text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  unit_name  text NOT NULL,
  code_hash  text NOT NULL,
  PRIMARY KEY (design_id, unit_name)
);
CREATE INDEX design_units_by_code ON design_units (code_hash);

CREATE TABLE proposals (
  id          text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  design_id   text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  version     int  NOT NULL,
  text        text NOT NULL,
  rating      double precision,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (design_id, version)
);

CREATE TABLE reviews (
  id                text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  design_id         text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  proposal_version  int  NOT NULL,
  reviewer          text NOT NULL,
  text              text NOT NULL,
  rating            double precision,
  data              jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_by_design ON reviews (design_id, proposal_version, created_at);

CREATE TABLE implementation_attempts (
  id          text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  design_id   text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  attempt     int  NOT NULL,
  unit_name   text,
  status      text NOT NULL CHECK (status IN ('accepted', 'rejected', 'error')),
  report      jsonb,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (design_id, attempt)
);

-- One row per (design, ladder, scale), upserted, so a re-run replaces and never duplicates.
-- evolution is copied from the design so the leaderboard index covers the whole query.
CREATE TABLE verifications (
  id             text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  design_id      text NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
  evolution      text NOT NULL,
  ladder         text NOT NULL,
  scale          text NOT NULL,
  status         text NOT NULL,
  record         jsonb NOT NULL,
  held_out_bpb   double precision,
  held_out_loss  double precision,
  params         bigint,
  wall_seconds   double precision,
  artifacts      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (design_id, ladder, scale)
);
CREATE INDEX verifications_leaderboard ON verifications (evolution, ladder, scale, held_out_bpb, design_id)
  WHERE status = 'ok' AND held_out_bpb IS NOT NULL;
CREATE INDEX verifications_by_evolution ON verifications (evolution, ladder, scale);

-- The LLM cache and cost ledger. design_id is a plain reference: calls happen before a design row exists.
CREATE TABLE llm_calls (
  id          text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  cache_key   text NOT NULL UNIQUE,
  evolution   text,
  model       text NOT NULL,
  role        text NOT NULL,
  design_id   text,
  tokens_in   int NOT NULL DEFAULT 0,
  tokens_out  int NOT NULL DEFAULT 0,
  cost_usd    double precision NOT NULL DEFAULT 0,
  latency_ms  int NOT NULL DEFAULT 0,
  request     jsonb NOT NULL,
  response    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_calls_by_design ON llm_calls (design_id);
CREATE INDEX llm_calls_by_evolution ON llm_calls (evolution, created_at);

CREATE TABLE jobs (
  id                bigserial PRIMARY KEY,
  kind              text NOT NULL,
  payload           jsonb NOT NULL DEFAULT '{}'::jsonb,
  status            text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  priority          int  NOT NULL DEFAULT 0,
  attempts          int  NOT NULL DEFAULT 0,
  max_attempts      int  NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  dedupe_key        text,
  run_after         timestamptz NOT NULL DEFAULT now(),
  node_id           text,
  lease_token       text,
  lease_expires_at  timestamptz,
  result            jsonb,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz
);
CREATE INDEX jobs_claimable ON jobs (priority DESC, id) WHERE status = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'running';
CREATE INDEX jobs_by_node ON jobs (node_id) WHERE status = 'running';
-- A dedupe key names at most one live job; finished jobs free it.
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE status IN ('queued', 'running');

-- One row per lease: who ran the job, from when, and how it ended (the job's history).
CREATE TABLE job_attempts (
  lease_token  text PRIMARY KEY,
  job_id       bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  attempt      int  NOT NULL,
  node_id      text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz,
  outcome      text CHECK (outcome IN ('succeeded', 'failed', 'expired', 'node-lost', 'released', 'cancelled')),
  reason       text
);
CREATE INDEX job_attempts_by_job ON job_attempts (job_id, started_at);

CREATE TABLE nodes (
  id              text PRIMARY KEY,
  role            text NOT NULL CHECK (role IN ('design', 'verify', 'all')),
  status          text NOT NULL CHECK (status IN ('active', 'paused', 'draining', 'stopped', 'lost')),
  hostname        text NOT NULL,
  pid             int,
  concurrency     int  NOT NULL,
  kinds           jsonb NOT NULL DEFAULT '[]'::jsonb,
  hardware        jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at      timestamptz NOT NULL DEFAULT now(),
  last_heartbeat  timestamptz NOT NULL DEFAULT now(),
  stopped_at      timestamptz
);

-- A per-node command queue: rows are never merged or cleared, only acknowledged once.
CREATE TABLE node_commands (
  id               bigserial PRIMARY KEY,
  node_id          text NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  command          text NOT NULL CHECK (command IN ('pause', 'resume', 'drain', 'stop')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at  timestamptz,
  status_after     text
);
CREATE INDEX node_commands_pending ON node_commands (node_id, id) WHERE acknowledged_at IS NULL;

CREATE TABLE budgets (
  evolution   text NOT NULL REFERENCES evolutions(name) ON DELETE CASCADE,
  ladder      text NOT NULL,
  scale       text NOT NULL,
  total       int  NOT NULL CHECK (total >= 0),
  used        int  NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= total),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evolution, ladder, scale)
);

-- Append-only log for the dashboard and for audits.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL,
  evolution   text,
  design_id   text,
  node_id     text,
  job_id      bigint,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_kind ON events (kind, id);
CREATE INDEX events_by_evolution ON events (evolution, id);

-- Files in the content-addressed artifact directory that rows refer to by sha256.
CREATE TABLE artifacts (
  sha256      text PRIMARY KEY,
  bytes       bigint NOT NULL,
  media_type  text NOT NULL DEFAULT 'application/octet-stream',
  created_at  timestamptz NOT NULL DEFAULT now()
);
`;
