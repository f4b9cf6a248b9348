/**
 * @module Sharing work in flight: concurrent verify jobs in one process (several verify workers)
 * need the same dataset and baseline; the first call does the work and the others wait for it,
 * instead of preparing the same folder twice and racing to rename it into place.
 */
export function sharedInFlight<T>(): (key: string, work: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, work) => {
    const existing = running.get(key);
    if (existing) return existing;
    const promise = work().finally(() => running.delete(key));
    running.set(key, promise);
    return promise;
  };
}
