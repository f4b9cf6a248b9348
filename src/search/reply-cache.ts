/**
 * @module Replies of external sources cached in the store, keyed by the sha256 of the request (source
 * and URL, never an API key). A reply is stored only after it parsed, so a malformed reply leaves
 * nothing behind; an entry older than `maxAgeSeconds` is fetched again.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/index.js';
import { politeFetch, type PoliteFetchOptions } from './polite-fetch.js';

/** The sha256 of the canonical request. */
export function replyCacheKey(request: { source: string; url: string }): string {
  return createHash('sha256').update(JSON.stringify({ source: request.source, url: request.url })).digest('hex');
}

export async function readCachedReply(db: Db, options: { key: string; maxAgeSeconds: number }): Promise<string | undefined> {
  const { rows } = await db.query(
    `SELECT body FROM search_cache WHERE key = $1 AND created_at > now() - make_interval(secs => $2)`,
    [options.key, options.maxAgeSeconds],
  );
  return rows[0] ? z.string().parse(rows[0].body) : undefined;
}

export async function writeCachedReply(db: Db, entry: { key: string; source: string; url: string; body: string }): Promise<void> {
  await db.query(
    `INSERT INTO search_cache (key, source, request, body) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (key) DO UPDATE SET body = excluded.body, created_at = now()`,
    [entry.key, entry.source, JSON.stringify({ source: entry.source, url: entry.url }), entry.body],
  );
}

export interface CachedFetchOptions<Value> {
  /** The store to cache in; without one every call goes to the network. */
  db?: Db;
  url: string;
  fetch: PoliteFetchOptions;
  /** Turns the body into a value; throws SourceReplyError when it is not the documented format. */
  parse: (body: string) => Value;
  /** Default: 7 days. */
  maxAgeSeconds?: number;
}

/** A cached reply when there is a fresh one that still parses, else a polite fetch whose parsed reply is cached. */
export async function cachedFetch<Value>(options: CachedFetchOptions<Value>): Promise<{ value: Value; cached: boolean }> {
  const key = replyCacheKey({ source: options.fetch.source, url: options.url });
  if (options.db) {
    const body = await readCachedReply(options.db, { key, maxAgeSeconds: options.maxAgeSeconds ?? 7 * 24 * 3600 });
    if (body !== undefined) {
      try {
        return { value: options.parse(body), cached: true };
      } catch {
        // A reply cached by an older reader that this one no longer accepts: fetch it again.
      }
    }
  }
  const { body } = await politeFetch(options.url, options.fetch);
  const value = options.parse(body);
  if (options.db) await writeCachedReply(options.db, { key, source: options.fetch.source, url: options.url, body });
  return { value, cached: false };
}
