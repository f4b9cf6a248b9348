/**
 * @module Looks at the store a command would open, without creating or migrating anything: for
 * `genesys doctor`. Errors come back as the same messages and hints that opening would give.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GenesysError } from '../core/errors.js';
import type { Db } from './db.js';
import { WorkspaceError } from './errors.js';
import { schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openPgliteDb } from './pglite-db.js';
import { describeUrl, openPostgresDb } from './postgres-db.js';
import { checkWorkspace, pgliteDirectory, resolveStoreLocation, type StoreLocation } from './workspace.js';
import { lockWorkspace } from './workspace-lock.js';

export type StoreInspection =
  | { state: 'ready'; where: string; location: StoreLocation; schemaVersion: number; knownVersion: number }
  /** A PGlite workspace that does not exist yet (commands that write create it). */
  | { state: 'missing'; where: string; location: StoreLocation; message: string; hint?: string }
  /** A PGlite workspace held by another process, which is fine while that process runs. */
  | { state: 'in-use'; where: string; location: StoreLocation; message: string }
  | { state: 'error'; where: string; location: StoreLocation; message: string; hint?: string };

async function readVersion(db: Db): Promise<number> {
  try {
    return await schemaVersion(db);
  } finally {
    await db.close();
  }
}

export async function inspectStore(options: { workspace?: string; db?: string; env?: NodeJS.ProcessEnv } = {}): Promise<StoreInspection> {
  const location = resolveStoreLocation(options);
  const knownVersion = MIGRATIONS.at(-1)?.version ?? 0;
  const where = location.url ? `PostgreSQL ${describeUrl(location.url)}` : `PGlite in ${location.workspace}`;
  const failed = (error: unknown): StoreInspection => {
    if (error instanceof WorkspaceError && error.code === 'workspace_missing') return { state: 'missing', where, location, message: error.message, hint: error.hint };
    if (error instanceof WorkspaceError && error.code === 'workspace_locked') return { state: 'in-use', where, location, message: error.message };
    return { state: 'error', where, location, message: error instanceof Error ? error.message : String(error), hint: error instanceof GenesysError ? error.hint : undefined };
  };
  try {
    if (location.url) {
      return { state: 'ready', where, location, schemaVersion: await readVersion(await openPostgresDb({ url: location.url, maxConnections: 1 })), knownVersion };
    }
    checkWorkspace(location.workspace, false);
    const release = lockWorkspace(join(location.workspace, 'db.lock'));
    try {
      const dataDir = pgliteDirectory(location.workspace);
      if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new WorkspaceError('workspace_missing', `the workspace ${location.workspace} has an empty database folder`);
      return { state: 'ready', where, location, schemaVersion: await readVersion(await openPgliteDb({ dataDir })), knownVersion };
    } finally {
      release();
    }
  } catch (error) {
    return failed(error);
  }
}
