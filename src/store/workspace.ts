/**
 * @module Where the store lives: the workspace folder (flag, GENESYS_WORKSPACE, or `.genesys`)
 * and the database (flag, GENESYS_DB, or PGlite in `<workspace>/db`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkspaceError } from './errors.js';

export const DEFAULT_WORKSPACE = '.genesys';

export interface StoreLocation {
  /** Absolute path of the workspace folder. */
  workspace: string;
  /** A postgres:// URL, or undefined for PGlite in the workspace. */
  url?: string;
  /** The content-addressed artifact folder (GENESYS_ARTIFACTS, e.g. a shared filesystem, or `<workspace>/artifacts`). */
  artifacts: string;
}

/** Flags win over the environment, which wins over the defaults. */
export function resolveStoreLocation(options: { workspace?: string; db?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): StoreLocation {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const workspace = resolve(cwd, options.workspace ?? env.GENESYS_WORKSPACE ?? DEFAULT_WORKSPACE);
  const url = options.db ?? env.GENESYS_DB ?? undefined;
  const artifacts = env.GENESYS_ARTIFACTS ? resolve(cwd, env.GENESYS_ARTIFACTS) : join(workspace, 'artifacts');
  return { workspace, url: url || undefined, artifacts };
}

/** The PGlite data directory of a workspace. */
export function pgliteDirectory(workspace: string): string {
  return join(workspace, 'db');
}

/**
 * Checks a workspace before PGlite touches it: a missing folder is an error unless `create`,
 * a file in its place or a `db` folder that is not a database is corrupt (never overwritten).
 */
export function checkWorkspace(workspace: string, create: boolean): void {
  if (!existsSync(workspace)) {
    if (create) return;
    throw new WorkspaceError('workspace_missing', `no workspace at ${workspace}`, {
      hint: 'pass --workspace DIR (or set GENESYS_WORKSPACE), or create one with `genesys import` or `genesys node`',
    });
  }
  if (!statSync(workspace).isDirectory()) {
    throw new WorkspaceError('workspace_corrupt', `${workspace} is a file, not a workspace folder; nothing was changed`);
  }
  const database = pgliteDirectory(workspace);
  if (!existsSync(database)) {
    if (create) return;
    throw new WorkspaceError('workspace_missing', `the workspace ${workspace} has no database (${database})`, {
      hint: 'run `genesys node` or `genesys import` once to create it, or pass --db postgres://…',
    });
  }
  const isDirectory = statSync(database).isDirectory();
  if (!isDirectory || (readdirSync(database).length > 0 && !existsSync(join(database, 'PG_VERSION')))) {
    throw new WorkspaceError('workspace_corrupt', `${database} is not a PGlite database; nothing was changed`, {
      hint: 'move it away, or point --workspace at another folder',
    });
  }
}
