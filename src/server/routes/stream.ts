/**
 * @module `GET /api/stream`: server-sent events from the live feed, one SSE event per message
 * (`event: <type>`, `data: <JSON>`), with a comment line every 15 s so proxies keep it open.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveMessage } from '../api-types.js';
import type { LiveFeed } from '../live-feed.js';

const KEEP_ALIVE_MS = 15_000;

/** `openStreams` holds a function per open stream that ends it (the server calls them on close). */
export function streamRoutes(feed: LiveFeed, openStreams: Set<() => void>): Hono {
  return new Hono().get('/stream', (c) => {
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let end!: () => void;
      const ended = new Promise<void>((resolve) => { end = resolve; });
      openStreams.add(end);
      stream.onAbort(end);
      // Writes are chained so messages never interleave; a failed write means the browser left.
      let writes = Promise.resolve();
      const write = (chunk: () => Promise<unknown>) => {
        writes = writes.then(chunk).then(() => undefined, end);
      };
      const send = ({ type, ...payload }: LiveMessage) => write(() => stream.writeSSE({ event: type, data: JSON.stringify(payload) }));
      send({ type: 'hello', serverTime: new Date().toISOString() });
      const unsubscribe = feed.subscribe(send);
      const keepAlive = setInterval(() => write(() => stream.write(': keep-alive\n\n')), KEEP_ALIVE_MS);
      try {
        await ended;
      } finally {
        clearInterval(keepAlive);
        unsubscribe();
        openStreams.delete(end);
      }
    });
  });
}
