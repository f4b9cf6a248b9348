/**
 * @module Reading a request at the edge: query strings and JSON bodies go through zod, so a
 * malformed one is a 400 with the schema's reason and routes work on typed values.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { InputError } from '../core/errors.js';

/** `?evolution=&ladder=`: which experiment a view shows (defaults resolved in scope.ts). */
export const ScopeQuerySchema = z.object({
  evolution: z.string().min(1).optional(),
  ladder: z.string().min(1).optional(),
});

/** A positive integer id in the path (jobs, events). */
export const IntegerIdSchema = z.coerce.number().int().positive();

/** A `limit` query value, capped so one request cannot ask for the whole table. */
export function limitSchema(fallback: number, max: number) {
  return z.coerce.number().int().positive().max(max).default(fallback);
}

export function parseQuery<Schema extends z.ZodType>(c: Context, schema: Schema): z.infer<Schema> {
  return schema.parse(c.req.query());
}

/** The JSON body; commands must say `application/json`, which also keeps cross-site form posts out. */
export async function parseJsonBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new InputError('commands take a JSON body: send Content-Type: application/json');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new InputError('the body is not valid JSON');
  }
  return schema.parse(body);
}
