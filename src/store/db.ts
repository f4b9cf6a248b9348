/**
 * @module The one database interface both engines implement: PGlite (in-process) and PostgreSQL (`pg`).
 * Repositories only see this, so the same SQL runs on both.
 */

export type Engine = 'pglite' | 'postgres';

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export interface Db {
  readonly engine: Engine;
  /** One statement with `$1…` parameters. JSON values are passed as `JSON.stringify(value)` and cast `::jsonb`. */
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside, use the `tx` it receives; a nested call joins the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A JSON value as a query parameter (pair it with `::jsonb` in the SQL). */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
