// The default store, PGlite in a workspace folder, as a user meets it: a missing, corrupt, locked
// or newer-schema workspace is a clear error that changes nothing; `genesys export` and
// `genesys import` round-trip a workspace through the CLI; `genesys import genesys` still works.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ensureEvolution, insertDesign, listDesigns, MIGRATIONS, openStore, recordLlmCall, SchemaTooNewError, upsertVerification, WorkspaceError,
} from '../src/store/index.js';
import { GENESYS_FIXTURES } from './support/paths.js';
import { okRecord, storeDesign } from './support/store-fixtures.js';
import { runCli } from './support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'genesys-workspace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function genesys(...args: string[]) {
  return runCli(args, { timeoutMs: 120_000 });
}

function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(folder);
  return files;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (error: unknown) => error);
}

describe('workspace store (PGlite)', () => {
  it('refuses a missing workspace unless asked to create one, and creates nothing', async () => {
    const missing = join(root, 'missing');
    const error = await errorOf(openStore({ workspace: missing }));
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).code).toBe('workspace_missing');
    expect(() => statSync(missing)).toThrow();
  });

  it('refuses a file in place of the workspace and a db folder that is not a database, leaving both untouched', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a workspace');
    expect(await errorOf(openStore({ workspace: file, create: true }))).toMatchObject({ code: 'workspace_corrupt', message: expect.stringMatching(/is a file/) });
    expect(readFileSync(file, 'utf8')).toBe('not a workspace');

    for (const [name, files] of [['no-version', { 'notes.txt': 'mine' }], ['broken-version', { PG_VERSION: '17\n', base: 'garbage' }]] as const) {
      const database = join(root, name, 'db');
      mkdirSync(database, { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(database, file), text);
      const before = snapshot(join(root, name));
      const error = await errorOf(openStore({ workspace: join(root, name), create: true }));
      expect(error).toMatchObject({ code: 'workspace_corrupt', message: expect.stringMatching(/nothing was changed/) });
      expect(snapshot(join(root, name))).toEqual(before);
    }
  });

  it('locks the database against a second process, and refuses a newer schema without changing it', async () => {
    const workspace = join(root, 'workspace');
    const store = await openStore({ workspace, create: true });
    await ensureEvolution(store.db, { name: 'kept' });
    expect(await errorOf(openStore({ workspace }))).toMatchObject({ code: 'workspace_locked', message: expect.stringContaining(`process ${process.pid}`) });
    await store.db.query(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`);
    await store.close();

    const error = await errorOf(openStore({ workspace }));
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain('version 99');
    // A build that knows version 99 opens it and finds the data as it was.
    const future = await openStore({ workspace, migrations: [...MIGRATIONS, { version: 99, name: 'from the future', sql: '' }] });
    expect((await future.db.query('SELECT name FROM evolutions')).rows).toEqual([{ name: 'kept' }]);
    await future.close();
  });

  it('round-trips a workspace through `genesys export` and `genesys import`', async () => {
    const source = join(root, 'source');
    const store = await openStore({ workspace: source, create: true });
    await ensureEvolution(store.db, { name: 'evo', config: { ladder: 'cpu-micro' } });
    const seed = await insertDesign(store.db, { evolution: 'evo', design: storeDesign('seed'), origin: 'seed' });
    await insertDesign(store.db, { evolution: 'evo', design: storeDesign('child', ['seed']), origin: 'mutation' });
    await upsertVerification(store.db, { designId: seed.id, record: okRecord({ design: 'seed', scale: 's1', bitsPerByte: 1.3 }) });
    await recordLlmCall(store.db, { cacheKey: 'k', evolution: 'evo', model: 'm', role: 'r', tokensIn: 1, tokensOut: 2, costUsd: 0.5, latencyMs: 3, request: {}, response: {} });
    await store.close();

    const exported = genesys('export', '--workspace', source, '--out', join(root, 'export-1'), '--json');
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ designs: 2, verifications: 1, llmCalls: 1 });
    const imported = genesys('import', join(root, 'export-1'), '--workspace', join(root, 'target'));
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('imported 2 design(s)');
    expect(genesys('export', '--workspace', join(root, 'target'), '--out', join(root, 'export-2')).status).toBe(0);
    expect(snapshot(join(root, 'export-2'))).toEqual(snapshot(join(root, 'export-1')));

    const target = await openStore({ workspace: join(root, 'target') });
    expect((await listDesigns(target.db)).map((design) => design.name)).toEqual(['seed', 'child']);
    await target.close();
  });

  it('keeps `genesys import genesys` for the original formats', () => {
    const run = genesys('import', 'genesys', join(GENESYS_FIXTURES, 'designs.jsonl'), '--out', join(root, 'original'), '--json');
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { designs: unknown[] }).designs.length).toBeGreaterThan(0);
  });
});
