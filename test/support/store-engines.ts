// The store's two engines for the shared contract suite: PGlite in memory and a throwaway
// PostgreSQL server. Each engine opens one migrated database per test file; `reset` empties it.
import { migrate, openPgliteDb, openPostgresDb, type Db } from '../../src/store/index.js';
import { POSTGRES_SKIP_REASON, startPostgres, type PostgresServer } from './postgres.js';

export interface EngineUnderTest {
  name: 'pglite' | 'postgres';
  /** Why this engine is skipped here, if it is. */
  skip?: string;
  open(): Promise<{ db: Db; close(): Promise<void> }>;
}

const TABLES = ['evolutions', 'designs', 'design_parents', 'design_units', 'proposals', 'reviews', 'implementation_attempts', 'verifications',
  'llm_calls', 'jobs', 'job_attempts', 'nodes', 'node_commands', 'budgets', 'events', 'artifacts', 'baselines', 'papers', 'search_indexes', 'search_cache', 'design_sessions'];

/** Empties every table (ids restart), between tests sharing one database. */
export async function resetStore(db: Db): Promise<void> {
  await db.exec(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}

export const ENGINES: EngineUnderTest[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPgliteDb();
      await migrate(db);
      return { db, close: () => db.close() };
    },
  },
  {
    name: 'postgres',
    skip: POSTGRES_SKIP_REASON,
    async open() {
      const server: PostgresServer = await startPostgres();
      const db = await openPostgresDb({ url: await server.createDatabase(), maxConnections: 20 });
      await migrate(db);
      return {
        db,
        close: async () => {
          await db.close();
          await server.stop();
        },
      };
    },
  },
];
