/**
 * @module The store: reachable (PGlite workspace or PostgreSQL URL) and its schema version
 * against what this code knows. Creates and migrates nothing.
 */
import { inspectStore } from '../store/index.js';
import type { DoctorCheck } from './report.js';

export async function storeCheck(options: { workspace?: string; db?: string; env?: NodeJS.ProcessEnv }): Promise<DoctorCheck> {
  const found = await inspectStore(options);
  const details = { where: found.where, workspace: found.location.workspace, artifacts: found.location.artifacts };
  switch (found.state) {
    case 'missing':
      return { id: 'store', status: 'warn', required: true, details, summary: `${found.where}: not created yet`, fix: 'genesys init creates it (genesys evolve and genesys node do too); or pass --workspace DIR / --db postgres://…' };
    case 'in-use':
      return { id: 'store', status: 'ok', required: true, details, summary: `${found.where}: in use by another process (${found.message.replace(/^the workspace database is /, '')}); schema not read` };
    case 'error':
      return { id: 'store', status: 'fail', required: true, details, summary: found.message, fix: found.hint ?? 'check the URL, that the server runs, and the credentials' };
    case 'ready': {
      const version = { ...details, schemaVersion: found.schemaVersion, knownVersion: found.knownVersion };
      if (found.schemaVersion > found.knownVersion) {
        return { id: 'store', status: 'fail', required: true, details: version, summary: `${found.where}: schema version ${found.schemaVersion} is newer than this genesys knows (${found.knownVersion})`, fix: 'upgrade genesys-ts here: every process sharing a database must run the same version' };
      }
      const state = found.schemaVersion === found.knownVersion ? 'current'
        : found.schemaVersion === 0 ? `empty; migrations 1–${found.knownVersion} apply on first use` : `migrations ${found.schemaVersion + 1}–${found.knownVersion} apply on next open`;
      return { id: 'store', status: 'ok', required: true, details: version, summary: `${found.where}, schema version ${found.schemaVersion} (${state})` };
    }
  }
}
