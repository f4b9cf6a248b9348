/**
 * @module HTTP GET for external sources, politely: one request at a time per host with a minimum
 * gap between them (arXiv asks for 3 s, Semantic Scholar allows 1 request/s), a timeout per
 * request, retries with exponential backoff on 408/429/5xx, timeouts and dropped connections
 * (honouring Retry-After), and an immediate, clear error when the host cannot be reached at all.
 */
import { SourceOfflineError, SourceReplyError, SourceUnavailableError } from './errors.js';

export interface PoliteFetchOptions {
  /** Name in messages (`arXiv`, `Semantic Scholar`). */
  source: string;
  /** Minimum gap between the starts of two requests to one host, in milliseconds. */
  minIntervalMs: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first try (default 4). */
  maxRetries?: number;
  /** First backoff delay, doubled each retry, with ±25% jitter (default 2 s). */
  backoffMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails at once (default 60 s). */
  maxRetryDelayMs?: number;
  headers?: Record<string, string>;
  /** For tests: the clock's sleep and the jitter source. */
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
}

export interface FetchedText {
  status: number;
  body: string;
  contentType: string;
}

// Errors of the network layer that mean "no route to the host": retrying will not help.
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504, 529]);

const OFFLINE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ENETDOWN: 'network down',
};

// Per host: when the next request may start, and the tail of the queue of waiting requests.
const hosts = new Map<string, { nextStart: number; queue: Promise<void> }>();

const realSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function waitForTurn(host: string, minIntervalMs: number, sleep: (milliseconds: number) => Promise<void>): Promise<void> {
  const slot = hosts.get(host) ?? { nextStart: 0, queue: Promise.resolve() };
  hosts.set(host, slot);
  const turn = slot.queue.then(async () => {
    const wait = slot.nextStart - Date.now();
    if (wait > 0) await sleep(wait);
    slot.nextStart = Date.now() + minIntervalMs;
  });
  slot.queue = turn.catch(() => undefined);
  await turn;
}

/** Fetches `url` as text; throws SourceOfflineError, SourceUnavailableError or SourceReplyError (for other 4xx). */
export async function politeFetch(url: string, options: PoliteFetchOptions): Promise<FetchedText> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const host = new URL(url).host;
  let lastProblem: string;
  for (let attempt = 0; ; attempt += 1) {
    await waitForTurn(host, options.minIntervalMs, sleep);
    let retryAfter: number | undefined;
    try {
      const response = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(timeoutMs) });
      const body = await response.text();
      if (response.ok) return { status: response.status, body, contentType: response.headers.get('content-type') ?? '' };
      if (!RETRY_STATUSES.has(response.status)) {
        throw new SourceReplyError(options.source, `HTTP ${response.status}: ${body.slice(0, 200).trim() || response.statusText}`, { status: response.status, body });
      }
      lastProblem = response.status === 429 ? 'rate limited (HTTP 429)' : `HTTP ${response.status}`;
      retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > (options.maxRetryDelayMs ?? 60_000)) {
        throw new SourceUnavailableError(options.source, `${lastProblem}; it asks to wait ${Math.ceil(retryAfter / 1000)} s`, { status: response.status });
      }
    } catch (error) {
      if (error instanceof SourceReplyError || error instanceof SourceUnavailableError) throw error;
      const code = networkCode(error);
      if (code && OFFLINE_CODES.has(code)) throw new SourceOfflineError(options.source, `${host}: ${OFFLINE_WORDS[code] ?? code}`, { cause: error });
      lastProblem = error instanceof Error && error.name === 'TimeoutError' ? `no reply within ${timeoutMs / 1000} s` : `connection failed (${code ?? String(error)})`;
    }
    if (attempt >= maxRetries) {
      throw new SourceUnavailableError(options.source, `${lastProblem} after ${attempt + 1} tries`, {
        hint: lastProblem.includes('429') && options.source === 'Semantic Scholar' ? 'set S2_API_KEY for a higher rate limit, or try again later' : undefined,
      });
    }
    const backoff = (options.backoffMs ?? 2000) * 2 ** attempt * (0.75 + random() / 2);
    await sleep(retryAfter ?? backoff);
  }
}
