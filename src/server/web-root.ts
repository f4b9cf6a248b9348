/**
 * @module Serving the built dashboard (`npm run build:web` writes it to `dist/web`): hashed
 * assets cached for good, `index.html` for every other path so the browser's router can show the
 * page (or its own 404), and a plain explanation when the dashboard was never built.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { packageRoot } from '../runtime/index.js';

/** Where `npm run build:web` puts the dashboard, from `src/` and from `dist/` alike. */
export const DEFAULT_WEB_ROOT = join(packageRoot, 'dist', 'web');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Genesys dashboard</title>
<p>The dashboard is not built. Run <code>npm run build:web</code> (or <code>npm run build</code>) and reload.
The API answers under <a href="/api/health">/api</a>.</p>`;

/** Adds the dashboard's files to `app` (after the API routes). */
export function serveDashboard(app: Hono, webRoot: string): void {
  const index = join(webRoot, 'index.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root: webRoot }));
  app.get('/assets/*', (c) => c.text('not found', 404));
  app.get('*', async (c, next) => {
    if (!existsSync(index)) return c.html(NOT_BUILT, 503);
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ path: index })(c, next);
  });
}
