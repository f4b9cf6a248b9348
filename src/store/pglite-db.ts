/**
 * @module The embedded engine: PGlite (Postgres compiled to WASM) in this process.
 * One connection; PGlite serialises queries and transactions itself, so in-process workers
 * may share it. A data directory must be opened by one process at a time (see workspace-lock.ts).
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult } from './db.js';

function toResult(result: { rows: unknown[]; affectedRows?: number }): QueryResult {
  return { rows: result.rows as Record<string, unknown>[], rowCount: result.affectedRows ?? result.rows.length };
}

function transactionDb(tx: Transaction): Db {
  const db: Db = {
    engine: 'pglite',
    query: async (sql, params = []) => toResult(await tx.query(sql, params)),
    exec: async (sql) => {
      await tx.exec(sql);
    },
    transaction: (fn) => fn(db),
    close: () => Promise.reject(new Error('close() inside a transaction')),
  };
  return db;
}

/** Opens PGlite on `dataDir` (created when absent), or in memory when it is undefined. */
export async function openPgliteDb(options: { dataDir?: string } = {}): Promise<Db> {
  const lite = await PGlite.create(options.dataDir);
  return {
    engine: 'pglite',
    query: async (sql, params = []) => toResult(await lite.query(sql, params)),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    transaction: (fn) => lite.transaction((tx) => fn(transactionDb(tx))),
    close: () => lite.close(),
  };
}
