/**
 * @module Opens the store a command asked for: PostgreSQL when a URL is given, otherwise PGlite in
 * the workspace; then migrates it. Every failure leaves the database and workspace as they were.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.js';
import { WorkspaceError } from './errors.js';
import { migrate } from './migrate.js';
import type { Migration } from './migrations/index.js';
import { openPgliteDb } from './pglite-db.js';
import { openPostgresDb } from './postgres-db.js';
import { checkWorkspace, pgliteDirectory, resolveStoreLocation, type StoreLocation } from './workspace.js';
import { lockWorkspace } from './workspace-lock.js';

export interface Store {
  db: Db;
  location: StoreLocation;
  schemaVersion: number;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Workspace folder (default: GENESYS_WORKSPACE or `.genesys`). */
  workspace?: string;
  /** postgres:// URL (default: GENESYS_DB; absent means PGlite in the workspace). */
  db?: string;
  /** Create the workspace and its database when missing (commands that write); otherwise a missing one is an error. */
  create?: boolean;
  env?: NodeJS.ProcessEnv;
  /** PostgreSQL pool size (a node needs about concurrency + 2). */
  maxConnections?: number;
  /** For tests of the schema-version guard. */
  migrations?: readonly Migration[];
}

async function openPgliteWorkspace(location: StoreLocation, create: boolean): Promise<{ db: Db; release: () => void }> {
  checkWorkspace(location.workspace, create);
  mkdirSync(location.workspace, { recursive: true });
  const release = lockWorkspace(join(location.workspace, 'db.lock'));
  try {
    return { db: await openPgliteDb({ dataDir: pgliteDirectory(location.workspace) }), release };
  } catch (error) {
    release();
    throw new WorkspaceError('workspace_corrupt', `cannot open the workspace database ${pgliteDirectory(location.workspace)}; nothing was changed`, {
      hint: 'the folder may be damaged or written by another PGlite version; move it away or use another --workspace',
      cause: error,
    });
  }
}

/** Opens and migrates the store; the caller closes it. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const location = resolveStoreLocation({ workspace: options.workspace, db: options.db, env: options.env });
  const { db, release } = location.url
    ? { db: await openPostgresDb({ url: location.url, maxConnections: options.maxConnections }), release: () => undefined }
    : await openPgliteWorkspace(location, options.create ?? false);
  try {
    const { version } = await migrate(db, options.migrations);
    return {
      db,
      location,
      schemaVersion: version,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    release();
    throw error;
  }
}
