// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary folder, start on
// a free loopback port, hand out databases, stop and delete on teardown. As root, the server runs
// as the `postgres` system user (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The folder of initdb/pg_ctl: the newest /usr/lib/postgresql/<version>/bin, or undefined. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Why PostgreSQL tests are skipped here, or undefined when they can run. */
export const POSTGRES_SKIP_REASON = postgresBinaries()
  ? undefined
  : 'PostgreSQL binaries not found under /usr/lib/postgresql (scripts/setup.sh installs the Debian postgresql package)';

export interface PostgresServer {
  /** URL of a database on this server. */
  url(database: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (connections drop) and starts it again on the same port after `downMs`. */
  restart(downMs?: number): Promise<void>;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
async function asServerUser(binary: string, args: string[]): Promise<string> {
  const asRoot = userInfo().uid === 0;
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  const { stdout } = await run(command, fullArgs, { timeout: 60_000 });
  return stdout;
}

export interface StartPostgresOptions {
  /** Skip fsync and synchronous commit (tests); false keeps PostgreSQL's durable defaults (benchmarks). */
  fast?: boolean;
}

/** Starts a server; call `stop()` in teardown. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinaries();
  if (!bin) throw new Error(POSTGRES_SKIP_REASON);
  const folder = mkdtempSync(join(tmpdir(), 'genesys-pg-'));
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    chownSync(folder, Number(stdout.trim()), -1);
  }
  const data = join(folder, 'data');
  const port = await freePort();
  await asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'genesys', '--no-sync', '-E', 'UTF8', '--no-locale']);
  const settings = [`-p ${port}`, `-k ${folder}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'];
  if (options.fast ?? true) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  const start = () => asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(folder, 'log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  const stopServer = (mode: string) => asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
  await start();
  let counter = 0;
  const url = (database: string) => `postgres://genesys@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      counter += 1;
      const database = name ?? `test_${process.pid}_${counter}`;
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'genesys', database]);
      return url(database);
    },
    async restart(downMs = 0) {
      await stopServer('fast');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async stop() {
      await stopServer('immediate').catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
