/**
 * @module Limits per provider endpoint: at most N calls in flight, and requests spaced to a rate
 * (requests per minute). Waiters are served in arrival order.
 */

export interface EndpointLimiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createEndpointLimiter(options: { concurrency: number; requestsPerMinute: number | null }): EndpointLimiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const spacingMs = options.requestsPerMinute ? 60_000 / options.requestsPerMinute : 0;
  let nextStart = 0;

  const acquire = (): Promise<void> => {
    if (active < options.concurrency) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(() => {
      active += 1;
      resolve();
    }));
  };
  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };
  const pace = async (signal?: AbortSignal): Promise<void> => {
    if (spacingMs === 0) return;
    const now = Date.now();
    const start = Math.max(now, nextStart);
    nextStart = start + spacingMs;
    if (start > now) await sleep(start - now, signal);
  };

  return {
    async run(task, signal) {
      await acquire();
      try {
        await pace(signal);
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
