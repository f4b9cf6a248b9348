/**
 * @module Which database errors are worth retrying: the connection dropped or the server is
 * (re)starting. Anything else (a constraint, a bug in the SQL) is not.
 */

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection error/i, /not queryable/i, /Connection ended/i];

/** True for a lost connection or a server that is shutting down, starting, or full. */
export function isTransientDbError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}
