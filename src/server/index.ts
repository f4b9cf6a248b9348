/**
 * @module The dashboard server: a Hono API over the store (read views, live updates by
 * server-sent events, commands to nodes, jobs and evolutions) that also serves the built
 * dashboard. `genesys serve` and `genesys evolve --ui` start it.
 *
 * @example
 * const store = await openStore({ workspace: '.genesys' });
 * const server = await startServer({ store, port: 8040 });
 * console.log(`dashboard at ${server.url}`);
 * await server.close();
 */
/** Starts the server; loopback by default, any other host needs a token. */
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type StartServerOptions, type RunningServer } from './start-server.js';
/** The application itself, for in-process tests (`app.request()`). */
export { createApp, type CreateAppOptions, type DashboardApp } from './app.js';
/** Whether a host name or address is this machine's loopback. */
export { isLoopbackHost } from './auth.js';
/** Where the built dashboard is looked for by default. */
export { DEFAULT_WEB_ROOT } from './web-root.js';
/** The shapes of the API's answers (the dashboard imports these types). */
export type * from './api-types.js';
