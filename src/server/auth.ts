/**
 * @module Who may call the API. A server bound to loopback needs no token, but then only answers
 * requests addressed to a loopback name (a web page cannot reach it by DNS rebinding); any other
 * bind needs a token, sent as `Authorization: Bearer <token>` or, for the event stream (EventSource
 * cannot set headers), as `?token=`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** True for 127.0.0.0/8, ::1 and `localhost` (the interfaces only this machine can reach). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedToken(authorization: string | undefined, query: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return bearer?.[1]?.trim() ?? query;
}

function unauthorized(message: string): HTTPException {
  const res = new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="genesys"' } });
  return new HTTPException(401, { message, res });
}

/** Guards the API: the token when one is set, otherwise a loopback Host. */
export function apiAccess(options: { token?: string }): MiddlewareHandler {
  return async (c, next) => {
    if (options.token) {
      const given = presentedToken(c.req.header('authorization'), c.req.query('token'));
      if (!given) throw unauthorized('this server needs a token: send Authorization: Bearer <token> (or ?token= for the event stream)');
      if (!sameSecret(given, options.token)) throw unauthorized('wrong token');
    } else if (!isLoopbackHost(new URL(c.req.url).hostname)) {
      throw new HTTPException(403, { message: 'this server answers only requests addressed to localhost; start it with a token to serve other names' });
    }
    await next();
  };
}
