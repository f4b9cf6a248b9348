/**
 * @module Which provider failures are worth retrying, and how long to wait: 429 (honouring
 * Retry-After), 408/409, 5xx and 529 (overloaded), a dropped connection, our own timeout.
 * A 400/401/403/404 is the caller's to fix and is not retried.
 */
import { APICallError, RetryError } from 'ai';
import type { LlmCallFailure } from './errors.js';

export interface FailureInfo {
  failure: LlmCallFailure;
  transient: boolean;
  /** From Retry-After / retry-after-ms, when the server said. */
  retryAfterMs?: number;
  detail: string;
}

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECTION_MESSAGES = [/fetch failed/i, /socket hang up/i, /\bterminated\b/i, /other side closed/i, /network/i];

/** Parses Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = lower['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 6; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

function isConnectionError(error: unknown): boolean {
  return causes(error).some((link) => {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    return link instanceof Error && CONNECTION_MESSAGES.some((pattern) => pattern.test(link.message));
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Classifies an error thrown by a provider call; `timedOut` says our own deadline fired. */
export function classifyFailure(error: unknown, state: { timedOut: boolean; aborted: boolean }): FailureInfo {
  const inner = RetryError.isInstance(error) ? error.lastError : error;
  if (state.aborted) return { failure: 'aborted', transient: false, detail: 'cancelled' };
  if (state.timedOut) return { failure: 'timeout', transient: true, detail: 'no reply before the timeout' };
  if (APICallError.isInstance(inner)) {
    const status = inner.statusCode;
    const detail = `HTTP ${status ?? '-'}: ${message(inner)}`;
    if (status === 429) return { failure: 'rate_limited', transient: true, retryAfterMs: retryAfterMs(inner.responseHeaders), detail };
    if (status === 408 || status === 409 || (status !== undefined && status >= 500)) {
      return { failure: 'server_error', transient: true, retryAfterMs: retryAfterMs(inner.responseHeaders), detail };
    }
    if (status === undefined) return { failure: 'connection', transient: true, detail };
    return { failure: 'request_rejected', transient: false, detail };
  }
  if (isConnectionError(inner)) return { failure: 'connection', transient: true, detail: message(inner) };
  return { failure: 'request_rejected', transient: false, detail: message(inner) };
}

/** Exponential backoff with jitter, or the server's Retry-After; both capped. */
export function backoffMs(options: { retry: number; baseMs: number; maxMs: number; retryAfterMs?: number; random?: () => number }): number {
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, options.maxMs);
  const exponential = options.baseMs * 2 ** options.retry;
  const jitter = 0.5 + 0.5 * (options.random ?? Math.random)();
  return Math.min(exponential * jitter, options.maxMs);
}
