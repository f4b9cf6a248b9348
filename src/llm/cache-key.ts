/**
 * @module Content addresses of LLM calls: sha256 of a canonical JSON (sorted keys) of what decides
 * the reply — model, system prompt, messages, sampling parameters and the expected format.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** Bumped when the request layout changes, so old cache entries are not mistaken for new ones. */
const KEY_VERSION = 'genesys-llm@1';

export function cacheKey(request: unknown): string {
  return createHash('sha256').update(KEY_VERSION).update('\n').update(canonicalJson(request)).digest('hex');
}
