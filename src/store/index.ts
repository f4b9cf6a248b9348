/**
 * @module The store: one SQL schema on PGlite (embedded, the default) or PostgreSQL (many machines),
 * repositories returning plain rows parsed by zod, a job queue with leases, the node registry,
 * the content-addressed artifact directory, and portable export/import.
 *
 * @example
 * const store = await openStore({ workspace: '.genesys', create: true });
 * const { job } = await enqueueJob(store.db, { kind: 'noop', payload: { hello: 1 } });
 * await store.close();
 */
/** Opening: engines, workspace resolution, migrations. */
export { openStore, type Store, type OpenStoreOptions } from './open-store.js';
export { resolveStoreLocation, pgliteDirectory, DEFAULT_WORKSPACE, type StoreLocation } from './workspace.js';
export { openPgliteDb } from './pglite-db.js';
export { openPostgresDb, describeUrl } from './postgres-db.js';
export { migrate, schemaVersion, type MigrateResult } from './migrate.js';
/** What state the store is in, without creating or migrating it (genesys doctor). */
export { inspectStore, type StoreInspection } from './inspect-store.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { json, type Db, type Engine, type QueryResult } from './db.js';
export { StoreConnectionError, SchemaTooNewError, WorkspaceError } from './errors.js';
export { isTransientDbError } from './transient-error.js';
/** Repositories. */
export * from './evolutions.js';
export * from './designs.js';
export * from './design-records.js';
export * from './verifications.js';
export * from './llm-calls.js';
export * from './budgets.js';
export * from './baselines.js';
export * from './events.js';
export * from './nodes.js';
export * from './node-commands.js';
export * from './jobs/index.js';
/** Artifacts on disk, referenced by sha256. */
export { putArtifact, putArtifactFile, readArtifact, artifactPath, registerArtifact, type ArtifactRef } from './artifacts.js';
/** Portable export and import. */
export { exportStore, type ExportSummary } from './portable/export-store.js';
export { importStore } from './portable/import-store.js';
export { ManifestSchema, EXPORT_FORMAT } from './portable/export-format.js';
