/**
 * @module Migration 3: the paper library, saved search indexes, and cached replies of external
 * literature sources (arXiv, Semantic Scholar). Used by `src/search/`.
 */
export const sql = /* sql */ `
-- Every insert or change of a paper takes the next revision, so a saved index knows which rows it
-- has not seen yet and is brought up to date instead of rebuilt.
CREATE SEQUENCE papers_revision;

CREATE TABLE papers (
  id              text PRIMARY KEY,
  title           text NOT NULL,
  title_key       text NOT NULL,
  authors         jsonb NOT NULL DEFAULT '[]'::jsonb,
  year            int,
  venue           text NOT NULL DEFAULT '',
  abstract        text NOT NULL DEFAULT '',
  tldr            text NOT NULL DEFAULT '',
  urls            jsonb NOT NULL DEFAULT '[]'::jsonb,
  arxiv_id        text,
  s2_id           text,
  doi             text,
  code            text,
  notes           text NOT NULL DEFAULT '',
  source          text NOT NULL,
  citation_count  int,
  related         jsonb NOT NULL DEFAULT '[]'::jsonb,
  revision        bigint NOT NULL DEFAULT nextval('papers_revision'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Not unique: the original library lists one paper under two ids (gpt, gpt3).
CREATE INDEX papers_by_arxiv ON papers (arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX papers_by_s2 ON papers (s2_id) WHERE s2_id IS NOT NULL;
CREATE INDEX papers_by_doi ON papers (doi) WHERE doi IS NOT NULL;
CREATE INDEX papers_by_title ON papers (title_key);
CREATE INDEX papers_by_revision ON papers (revision);

-- A serialised full-text index (MiniSearch JSON), loaded instead of rebuilt.
CREATE TABLE search_indexes (
  name        text PRIMARY KEY,
  format      text NOT NULL,
  revision    bigint NOT NULL,
  documents   int NOT NULL,
  data        text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Replies of external sources, keyed by the sha256 of the request; only replies that parsed are kept.
CREATE TABLE search_cache (
  key         text PRIMARY KEY,
  source      text NOT NULL,
  request     jsonb NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
`;
