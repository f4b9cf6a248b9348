/**
 * @module The Hono application: the API under `/api` behind the access check, the live stream,
 * and the dashboard's files. Tests drive it in-process with `app.request()`.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '../store/index.js';
import { apiAccess } from './auth.js';
import { errorResponse, NotFoundError } from './http-errors.js';
import { createLiveFeed, type LiveFeed } from './live-feed.js';
import { activityRoutes } from './routes/activity.js';
import { designRoutes } from './routes/designs.js';
import { operationRoutes } from './routes/operations.js';
import { streamRoutes } from './routes/stream.js';
import { DEFAULT_WEB_ROOT, serveDashboard } from './web-root.js';

export interface CreateAppOptions {
  db: Db;
  /** Required on every API request when set (Bearer header, or `?token=`). */
  token?: string;
  /** The built dashboard (default `dist/web` of this package). */
  webRoot?: string;
  /** How often the live feed polls the store (ms, default 1000). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

export interface DashboardApp {
  app: Hono;
  /** Stops the live feed and ends open event streams. */
  close(): void;
}

export function createApp(options: CreateAppOptions): DashboardApp {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const feed: LiveFeed = createLiveFeed({ db: options.db, intervalMs: options.pollIntervalMs, log });
  const openStreams = new Set<() => void>();

  const api = new Hono()
    .use('*', apiAccess({ token: options.token }))
    .get('/health', async (c) => {
      const { rows } = await options.db.query('SELECT max(version)::int AS version FROM schema_migrations');
      return c.json({ ok: true, schemaVersion: Number(rows[0]?.version ?? 0) });
    })
    .route('/', activityRoutes(options.db))
    .route('/', designRoutes(options.db))
    .route('/', operationRoutes(options.db))
    .route('/', streamRoutes(feed, openStreams))
    .all('*', (c) => {
      throw new NotFoundError(`no API route ${c.req.method} ${c.req.path}`);
    });

  const app = new Hono();
  app.use('*', secureHeaders({
    referrerPolicy: 'no-referrer',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // The chart and graph libraries set element styles at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  }));
  app.onError((error, c) => errorResponse(error, c, log));
  app.route('/api', api);
  serveDashboard(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return {
    app,
    close() {
      feed.close();
      for (const end of openStreams) end();
    },
  };
}
