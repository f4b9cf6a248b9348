/**
 * @module Applies pending migrations in one transaction, serialised across processes by an
 * advisory lock, and refuses a database whose schema is newer than the code.
 */
import type { Db } from './db.js';
import { SchemaTooNewError } from './errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

// Any constant works; it only has to be the same in every process migrating this database.
const MIGRATION_LOCK = 4_711_2506;

export interface MigrateResult {
  version: number;
  applied: number[];
}

/** Brings the schema up to the newest migration; throws SchemaTooNewError (rolled back, nothing changed). */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const known = migrations.at(-1)?.version ?? 0;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
    const current = Number(rows[0]?.version ?? 0);
    if (current > known) throw new SchemaTooNewError(current, known);
    const applied: number[] = [];
    for (const migration of migrations.filter((candidate) => candidate.version > current)) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { version: Math.max(current, known), applied };
  });
}

/** The schema version recorded in the database (0 when never migrated). */
export async function schemaVersion(db: Db): Promise<number> {
  const exists = await db.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (exists.rows[0]?.present !== true) return 0;
  const { rows } = await db.query('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
  return Number(rows[0]?.version ?? 0);
}
