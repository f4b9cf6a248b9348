/**
 * @module The server's one place where errors become responses: `{ code, message }` JSON with a
 * status a client can act on. Internals (stacks, SQL) never reach the client.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { GenesysError, InputError } from '../core/errors.js';

/** An id in the path or query that names nothing in the store. */
export class NotFoundError extends GenesysError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** A command that is well formed but not possible in the current state (re-queueing a running job). */
export class ConflictError extends GenesysError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
}

/** One line per problem: `command: Invalid option: expected one of …`. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

function statusOf(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } | undefined {
  if (error instanceof ZodError) return { status: 400, body: { code: 'bad_request', message: describeZodError(error) } };
  if (error instanceof NotFoundError) return { status: 404, body: { code: error.code, message: error.message } };
  if (error instanceof ConflictError) return { status: 409, body: { code: error.code, message: error.message } };
  if (error instanceof InputError) return { status: 400, body: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  return undefined;
}

/** Hono's `onError`: known errors keep their status; anything else is a logged, plain 500. */
export function errorResponse(error: Error, c: Context, log: (line: string) => void): Response {
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'http_error';
    return c.json<ErrorBody>({ code, message: error.message }, status, error.res ? Object.fromEntries(error.res.headers) : {});
  }
  const known = statusOf(error);
  if (known) return c.json(known.body, known.status);
  log(`server error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
  return c.json<ErrorBody>({ code: 'internal', message: 'internal server error (see the server log)' }, 500);
}
