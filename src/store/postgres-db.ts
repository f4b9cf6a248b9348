/**
 * @module The server engine: PostgreSQL through a `pg` pool. Broken connections (a server restart)
 * are dropped by the pool and replaced on the next query, so callers only need to retry.
 */
import pg from 'pg';
import type { Db, QueryResult } from './db.js';
import { StoreConnectionError } from './errors.js';

function toResult(result: pg.QueryResult): QueryResult {
  return { rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? result.rows.length };
}

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    engine: 'postgres',
    query: async (sql, params = []) => toResult(await client.query(sql, params)),
    exec: async (sql) => {
      await client.query(sql);
    },
    transaction: (fn) => fn(db),
    close: () => Promise.reject(new Error('close() inside a transaction')),
  };
  return db;
}

/** `postgres://user@host:port/db` without the password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Turns a driver error at connect time into a message naming the host, port, user or database at fault. */
export function connectionError(url: string, error: unknown): StoreConnectionError {
  const where = describeUrl(url);
  const code = (error as { code?: string }).code;
  const reason = error instanceof Error ? error.message : String(error);
  const explained: Record<string, [string, string]> = {
    ECONNREFUSED: [`connection refused by ${where}`, 'is PostgreSQL running and listening on that host and port?'],
    ENOTFOUND: [`unknown host in ${where}`, 'check the host name of the --db URL'],
    EAI_AGAIN: [`cannot resolve the host of ${where}`, 'check the host name and the network'],
    ETIMEDOUT: [`timed out connecting to ${where}`, 'check the host, port and firewall'],
    '28P01': [`authentication failed for ${where}`, 'check the user and password in the --db URL'],
    '28000': [`the server rejected the user of ${where}`, 'check the user, and pg_hba.conf on the server'],
    '3D000': [`the database of ${where} does not exist`, 'create it first (createdb) or fix the database name'],
  };
  const [message, hint] = (code && explained[code]) || [`cannot connect to PostgreSQL at ${where}: ${reason}`, 'check the --db URL (postgres://user:password@host:port/database)'];
  return new StoreConnectionError(`${message}; nothing was changed`, { hint, cause: error });
}

/** Connects a pool to `url` and checks it with one query, so a bad URL fails here with a clear error. */
export async function openPostgresDb(options: { url: string; maxConnections?: number; connectTimeoutMs?: number }): Promise<Db> {
  const protocol = URL.canParse(options.url) ? new URL(options.url).protocol : undefined;
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new StoreConnectionError(`not a PostgreSQL URL: ${options.url.replace(/:[^:@/]*@/, ':***@')}`, {
      hint: 'use postgres://user:password@host:port/database',
    });
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'genesys',
  });
  // An idle connection that the server closes (restart, admin kill) emits 'error'; the pool drops it.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectionError(options.url, error);
  }
  return {
    engine: 'postgres',
    query: async (sql, params = []) => toResult(await pool.query(sql, params)),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      // A connection dropped between two statements emits 'error' on the checked-out client;
      // unhandled it would crash the process. The next statement fails and we discard the client.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const value = await fn(clientDb(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
