/**
 * @module Errors of external literature sources (arXiv, Semantic Scholar): offline, unavailable
 * after retries, or a reply we cannot read. Each says that the local library still works.
 */
import { GenesysError, type GenesysErrorOptions } from '../core/errors.js';

const LOCAL_STILL_WORKS = 'the local library still works: `genesys library search "…"` without --online';

/** The source's host cannot be reached at all: no network, DNS failure, connection refused. */
export class SourceOfflineError extends GenesysError {
  constructor(source: string, detail: string, options: GenesysErrorOptions = {}) {
    super('source_offline', `cannot reach ${source} (${detail}): you seem to be offline`, { hint: LOCAL_STILL_WORKS, ...options });
  }
}

/** The source answered, but kept failing (rate limited, server errors, timeouts) after the retries. */
export class SourceUnavailableError extends GenesysError {
  readonly status?: number;

  constructor(source: string, detail: string, options: GenesysErrorOptions & { status?: number } = {}) {
    super('source_unavailable', `${source} is unavailable: ${detail}`, { hint: options.hint ?? `try again later; ${LOCAL_STILL_WORKS}`, cause: options.cause });
    this.status = options.status;
  }
}

/** The source answered with something that is not the documented format, or refused the request (4xx); nothing was stored. */
export class SourceReplyError extends GenesysError {
  readonly status?: number;
  /** The reply's body, for a client that can read the API's own error format. */
  readonly body?: string;

  constructor(source: string, detail: string, options: GenesysErrorOptions & { status?: number; body?: string } = {}) {
    super('source_bad_reply', `${source} sent a reply we cannot use (${detail}); nothing was stored`, { hint: options.hint, cause: options.cause });
    this.status = options.status;
    this.body = options.body;
  }
}

/** True for the errors of an external source (so a caller can fall back to the local library). */
export function isSourceError(error: unknown): error is SourceOfflineError | SourceUnavailableError | SourceReplyError {
  return error instanceof SourceOfflineError || error instanceof SourceUnavailableError || error instanceof SourceReplyError;
}
