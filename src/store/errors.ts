/**
 * @module Store errors: each says what is wrong and what to do, and promises that nothing was changed.
 */
import { GenesysError, type GenesysErrorOptions } from '../core/errors.js';

/** The PostgreSQL server cannot be reached or refuses us (host, port, authentication, database). */
export class StoreConnectionError extends GenesysError {
  constructor(message: string, options: GenesysErrorOptions = {}) {
    super('store_connection', message, options);
  }
}

/** The database was migrated by a newer Genesys-TS than this one. */
export class SchemaTooNewError extends GenesysError {
  readonly databaseVersion: number;
  readonly knownVersion: number;

  constructor(databaseVersion: number, knownVersion: number) {
    super(
      'schema_too_new',
      `the database schema is version ${databaseVersion}, newer than this Genesys-TS knows (${knownVersion}); nothing was changed`,
      { hint: 'upgrade Genesys-TS, or point --db/--workspace at another database' },
    );
    this.databaseVersion = databaseVersion;
    this.knownVersion = knownVersion;
  }
}

/** The workspace folder is missing, not a folder, corrupt, or in use by another process. */
export class WorkspaceError extends GenesysError {
  constructor(code: 'workspace_missing' | 'workspace_corrupt' | 'workspace_locked', message: string, options: GenesysErrorOptions = {}) {
    super(code, message, options);
  }
}
