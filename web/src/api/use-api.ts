/**
 * @module `useApi(path, topics)`: fetch a view, keep showing the last answer while a newer one
 * loads, and fetch again when the path changes or a live topic it depends on moves. At most one
 * request per view is in flight: updates arriving meanwhile cause one more fetch after it, so a
 * busy live feed can never starve a slow view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveTopic } from './types.js';
import { useTopicsVersion } from '../live/live.js';
import { ApiError, apiGet } from './client.js';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  reload(): void;
}

const NO_TOPICS: LiveTopic[] = [];

// Requests started before their page's code arrived (see app.tsx); the page's first load takes them.
const prefetched = new Map<string, Promise<unknown>>();

/** Starts fetching `path` now, for a `useApi(path)` that will mount shortly. */
export function prefetch(path: string): void {
  if (prefetched.has(path)) return;
  const request = apiGet(path);
  // Its page reports a failure; an unused prefetch must not surface as an unhandled rejection.
  request.catch(() => undefined);
  prefetched.set(path, request);
}

function takePrefetched<T>(path: string): Promise<T> | undefined {
  const request = prefetched.get(path);
  prefetched.delete(path);
  return request as Promise<T> | undefined;
}

export function useApi<T>(path: string | null, topics: LiveTopic[] = NO_TOPICS): ApiState<T> {
  const version = useTopicsVersion(topics);
  const [manual, setManual] = useState(0);
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError }>({ path });
  const loader = useRef<(() => void) | null>(null);
  const seen = useRef({ version, manual });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    let busy = false;
    let again = false;
    const load = () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      again = false;
      (takePrefetched<T>(path) ?? apiGet<T>(path, controller.signal))
        .then(
          // An unchanged answer keeps the old object, so graphs and charts are not redrawn for nothing.
          (data) => setState((current) => (current.path === path && !current.error && JSON.stringify(current.data) === JSON.stringify(data) ? current : { path, data })),
          (error: unknown) => {
            if (controller.signal.aborted) return;
            const failure = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
            setState((current) => ({ path, data: current.path === path ? current.data : undefined, error: failure }));
          },
        )
        .finally(() => {
          busy = false;
          if (again && !controller.signal.aborted) load();
        });
    };
    loader.current = load;
    load();
    return () => {
      controller.abort();
      loader.current = null;
    };
  }, [path]);

  useEffect(() => {
    if (seen.current.version === version && seen.current.manual === manual) return;
    seen.current = { version, manual };
    loader.current?.();
  }, [version, manual]);

  const reload = useCallback(() => setManual((count) => count + 1), []);
  // An answer for another path is not shown as this one's.
  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, reload };
}
