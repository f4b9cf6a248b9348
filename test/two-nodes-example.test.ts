/**
 * `examples/two-nodes.sh` as a user runs it, against the test PostgreSQL server: two
 * `genesys node` processes (own workspaces and ids) and `genesys evolve --db` with no worker of its
 * own. Real training and the real sandboxed checker, on the smallest evolution that still has both
 * kinds of job: one seed and a first-scale budget of two (the seed and one new design), so each
 * node gets a job in the first generation. The outcome is read back from the database and from the
 * shared artifact folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationRecordSchema } from '../src/verify/index.js';
import { artifactPath, getNode, listBudgets, listVerifications, openPostgresDb, type Db } from '../src/store/index.js';
import { REPO_ROOT } from './support/paths.js';
import { POSTGRES_SKIP_REASON, startPostgres, type PostgresServer } from './support/postgres.js';

interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runScript(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const child = spawn('bash', [join(REPO_ROOT, 'examples/two-nodes.sh'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)('examples/two-nodes.sh', () => {
  let server: PostgresServer;
  let url: string;
  let db: Db;
  let folder: string;
  let run: ScriptRun;

  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase();
    folder = mkdtempSync(join(tmpdir(), 'genesys-two-nodes-test-'));
    const config = join(folder, 'small.yaml');
    writeFileSync(config, 'seeds: [gpt]\n');
    run = await runScript(['--config', config, '--budget', 'micro-1=2,micro-2=0,micro-3=0'], {
      GENESYS_DB: url,
      GENESYS_EXAMPLE_DIR: join(folder, 'run'),
      GENESYS_ARTIFACTS: join(folder, 'shared-artifacts'),
      // The sources, like the other CLI tests (the example's default is the built bin/genesys.js).
      GENESYS_CLI: `${process.execPath} --import tsx ${join(REPO_ROOT, 'src/cli/main.ts')}`,
    });
    db = await openPostgresDb({ url });
  }, 900_000);

  afterAll(async () => {
    await db?.close();
    await server?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('runs the evolution on both nodes and succeeds', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('==> both nodes registered');
    expect(run.stdout).toMatch(/evolution default: finished after 2 generation\(s\)/);
    expect(run.stdout).toMatch(/==> node-a exited with 0/);
    expect(run.stdout).toMatch(/==> node-b exited with 0/);
    expect(run.stdout).toContain('==> done: everything succeeded');
    // genesys status and genesys nodes were printed before the nodes stopped.
    expect(run.stdout).toMatch(/micro-1 +budget 2\/2 · 2 verified/);
    expect(run.stdout).toMatch(/node-a +all +active/);
  });

  it('ran every job exactly once, the design and the verify jobs split across both nodes', async () => {
    const { rows } = await db.query(
      `SELECT j.id, j.kind, j.status, a.node_id AS node, a.outcome FROM jobs j JOIN job_attempts a ON a.job_id = j.id ORDER BY j.id`);
    expect(rows.map((row) => [row.kind, row.status, row.outcome])).toEqual([
      ['verify', 'succeeded', 'succeeded'], ['design', 'succeeded', 'succeeded'], ['verify', 'succeeded', 'succeeded'],
    ]);
    // The first generation's verify and design jobs ran side by side, one on each node.
    expect(new Set(rows.slice(0, 2).map((row) => row.node))).toEqual(new Set(['node-a', 'node-b']));
    for (const id of ['node-a', 'node-b']) {
      const node = await getNode(db, { id });
      expect(node?.status, id).toBe('stopped');
      expect(node?.role).toBe('all');
    }
  });

  it('stored the verifications, spent the budget and finished the evolution', async () => {
    const verifications = await listVerifications(db, { evolution: 'default' });
    const names = new Map((await db.query('SELECT id, name FROM designs')).rows.map((row) => [row.id, row.name]));
    expect(verifications.map((row) => `${names.get(row.designId)} @ ${row.scale}: ${row.status}`).sort())
      .toEqual(['gpt @ micro-1: ok', 'gpt-0.0 @ micro-1: ok']);
    expect(verifications.every((row) => row.heldOutBpb! > 0 && row.heldOutBpb! < 8)).toBe(true);
    expect((await listBudgets(db, { evolution: 'default' })).map((row) => `${row.scale}:${row.used}/${row.total}`))
      .toEqual(['micro-1:2/2', 'micro-2:0/0', 'micro-3:0/0']);
    const { rows: finished } = await db.query("SELECT data FROM events WHERE kind = 'generation-finished' ORDER BY id");
    expect(finished.map((row) => (row.data as { generation: number }).generation)).toEqual([0, 1]);
  });

  it('put each verification\'s record and trained weights in the shared artifact folder, found from the database alone', async () => {
    const root = join(folder, 'shared-artifacts');
    const { rows: attempts } = await db.query(
      `SELECT j.payload->>'designId' AS "designId", a.node_id AS node FROM jobs j JOIN job_attempts a ON a.job_id = j.id WHERE j.kind = 'verify'`);
    for (const row of await listVerifications(db, { evolution: 'default' })) {
      expect(Object.keys(row.artifacts).sort()).toEqual(['checkpoint', 'record']);
      const record = VerificationRecordSchema.parse(JSON.parse(readFileSync(artifactPath(root, row.artifacts.record!), 'utf8')));
      expect(record).toEqual(row.record);
      const checkpoint = artifactPath(root, row.artifacts.checkpoint!);
      expect(existsSync(checkpoint)).toBe(true);
      // The weights are the final checkpoint of the run folder in the workspace of the node that trained them.
      const node = attempts.find((attempt) => attempt.designId === row.designId)!.node as string;
      const runCheckpoint = join(folder, 'run', node, 'runs', record.design, 'micro-1', 'checkpoint.pt');
      expect(sha256(runCheckpoint)).toBe(row.artifacts.checkpoint);
      const { rows: registered } = await db.query('SELECT sha256, bytes FROM artifacts WHERE sha256 = ANY($1::text[]) ORDER BY sha256',
        [[row.artifacts.checkpoint, row.artifacts.record]]);
      expect(registered).toHaveLength(2);
      for (const artifact of registered) expect(Number(artifact.bytes)).toBe(statSync(artifactPath(root, String(artifact.sha256))).size);
    }
  });
});
