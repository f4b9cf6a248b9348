// `genesys check` as a user runs it: exit codes, readable text with file:line, --json, bad paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDesignFolder } from '../src/core/design-folder.js';
import { tinyDesign } from './fixtures/tiny-design.js';
import { runCli } from './support/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const FAST = ['--d-model', '32', '--n-block', '1', '--seq-len', '32', '--reference', 'none'];
const workspace = mkdtempSync(join(tmpdir(), 'genesys-cli-workspace-'));

function genesys(...args: string[]) {
  return runCli(args, { env: { GENESYS_WORKSPACE: workspace } });
}

describe('genesys check', () => {
  const folder = mkdtempSync(join(tmpdir(), 'genesys-cli-'));

  beforeAll(async () => {
    await writeDesignFolder(join(folder, 'good'), tinyDesign('good'));
    await writeDesignFolder(join(folder, 'broken'), tinyDesign('syntax_error'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  it('exits 0 on a passing design folder and prints a readable report', () => {
    const run = genesys('check', join(folder, 'good'), ...FAST);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Design tiny-good: PASSED');
    expect(run.stderr).toMatch(/PASS\s+causality/);
  });

  it('exits 1 and points at the unit file and line of a syntax error', () => {
    const run = genesys('check', join(folder, 'broken'), ...FAST);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/error \[syntax_error\] units\/Mixer\.py:\d+/);
  });

  it('checks every design of a folder of designs and prints one JSON document with --json', () => {
    const run = genesys('check', folder, ...FAST, '--json');
    expect(run.status).toBe(1);
    const output = JSON.parse(run.stdout) as { passed: boolean; reports: { design: string; passed: boolean }[] };
    expect(output.passed).toBe(false);
    expect(output.reports.map((report) => [report.design, report.passed])).toEqual([['tiny-syntax_error', false], ['tiny-good', true]]);
  });

  it('checks loose unit files as one design', () => {
    const run = genesys('check', join(root, 'test/fixtures/tiny/Tiny.py'), join(root, 'test/fixtures/tiny/mixers/good.py'), ...FAST, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { passed: boolean }).passed).toBe(true);
  });

  it('runs each check as a job recorded in the workspace store', async () => {
    const { openStore, listJobs } = await import('../src/store/index.js');
    const store = await openStore({ workspace });
    try {
      const jobs = await listJobs(store.db, { kind: 'check' });
      expect(jobs.length).toBeGreaterThanOrEqual(4);
      expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('rejects a path that does not exist with a clear message', () => {
    const run = genesys('check', join(folder, 'missing'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no such file or folder');
  });
});
