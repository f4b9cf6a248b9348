/**
 * @module Starting the dashboard server on a host and port (`genesys serve`, `genesys evolve --ui`).
 * Loopback needs no token; any other interface does, since the API can steer nodes and evolutions.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { createApp } from './app.js';
import { isLoopbackHost } from './auth.js';
import { populationFitness } from './fitness.js';
import { resolveScope } from './scope.js';

export interface StartServerOptions {
  /** An open store (the server does not close it). */
  store: { db: Db };
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 8040; 0 picks a free one). */
  port?: number;
  /** Required for any non-loopback host; at least 8 characters. */
  token?: string;
  webRoot?: string;
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port/` (without the token). */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8040;
const MIN_TOKEN_LENGTH = 8;

function checkAccess(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new InputError(`the token is too short (${token.length} characters; at least ${MIN_TOKEN_LENGTH})`, {
      hint: 'for example: export GENESYS_TOKEN=$(openssl rand -hex 16)',
    });
  }
  if (!isLoopbackHost(host) && !token) {
    throw new InputError(`serving on ${host} makes the dashboard reachable from other machines, and it can steer nodes: a token is required`, {
      hint: 'pass --token <secret> or set GENESYS_TOKEN; or keep the default --host 127.0.0.1',
    });
  }
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', reject);
  });
}

async function warmFitness(db: Db): Promise<void> {
  const scope = await resolveScope(db, {});
  if (scope) await populationFitness(db, scope);
}

/** Serves the API and dashboard until `close()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  checkAccess(host, options.token);
  const { app, close: closeApp } = createApp({
    db: options.store.db, token: options.token, webRoot: options.webRoot, pollIntervalMs: options.pollIntervalMs, log: options.log,
  });
  const server = serve({ fetch: app.fetch, hostname: host, port }) as Server;
  let address: AddressInfo;
  try {
    address = await listen(server);
  } catch (error) {
    closeApp();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${port} on ${host} is in use`, { hint: 'pick another --port (0 picks a free one)', cause: error });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`cannot bind ${host}: no such interface on this machine`, { cause: error });
    throw error;
  }
  // Ranking reads every record; doing it now means the first page a person opens does not wait for it.
  void warmFitness(options.store.db).catch((error: unknown) => options.log?.(`fitness warm-up: ${error instanceof Error ? error.message : String(error)}`));
  const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    async close() {
      closeApp();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
