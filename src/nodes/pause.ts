/**
 * @module Waiting that a stop request cuts short, and retrying through database outages.
 */
import { isTransientDbError } from '../store/index.js';

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `action`, retrying transient database errors (server restart, dropped connection) with
 * backoff from 200 ms to 5 s, for at most `maxSeconds`. Other errors are thrown at once.
 */
export async function retryTransient<T>(action: () => Promise<T>, options: { maxSeconds?: number; onRetry?: (error: unknown) => void } = {}): Promise<T> {
  const deadline = Date.now() + (options.maxSeconds ?? 300) * 1000;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await action();
    } catch (error) {
      if (!isTransientDbError(error) || Date.now() > deadline) throw error;
      options.onRetry?.(error);
      await pause(delay);
    }
  }
}
