import { describe, expect, it } from 'vitest';
import { httpError } from '../../test/support/scripted-llm.js';
import { createEndpointLimiter } from './endpoint-limiter.js';
import { backoffMs, classifyFailure, retryAfterMs } from './transient.js';

describe('transient failures', () => {
  it('reads Retry-After as seconds, an HTTP date, or retry-after-ms', () => {
    expect(retryAfterMs({ 'Retry-After': '3' })).toBe(3000);
    expect(retryAfterMs({ 'retry-after-ms': '250' })).toBe(250);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({})).toBeUndefined();
  });

  it('retries rate limits, server errors and dropped connections, not bad requests', () => {
    const state = { timedOut: false, aborted: false };
    expect(classifyFailure(httpError(429, { 'retry-after': '2' }), state)).toMatchObject({ failure: 'rate_limited', transient: true, retryAfterMs: 2000 });
    expect(classifyFailure(httpError(529), state)).toMatchObject({ failure: 'server_error', transient: true });
    expect(classifyFailure(httpError(401), state)).toMatchObject({ failure: 'request_rejected', transient: false });
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(classifyFailure(reset, state)).toMatchObject({ failure: 'connection', transient: true });
    expect(classifyFailure(new Error('x'), { timedOut: true, aborted: false })).toMatchObject({ failure: 'timeout', transient: true });
    expect(classifyFailure(new Error('x'), { timedOut: false, aborted: true })).toMatchObject({ failure: 'aborted', transient: false });
  });

  it('backs off exponentially, capped, and follows Retry-After', () => {
    expect(backoffMs({ retry: 3, baseMs: 100, maxMs: 10_000, random: () => 1 })).toBe(800);
    expect(backoffMs({ retry: 20, baseMs: 100, maxMs: 10_000, random: () => 1 })).toBe(10_000);
    expect(backoffMs({ retry: 0, baseMs: 100, maxMs: 10_000, retryAfterMs: 4000 })).toBe(4000);
  });

  it('keeps at most N calls of an endpoint in flight', async () => {
    const limiter = createEndpointLimiter({ concurrency: 2, requestsPerMinute: null });
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    };
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(task)));
    expect(peak).toBe(2);
  });
});
