/**
 * The evolution loop end to end on the workspace's PGlite, with the static checker and the
 * synthetic verifier (the loop and the designer are real; only training is stood in for).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvolutionConfigSchema, runEvolution } from '../src/evolution/index.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { listBudgets, listDesigns, listVerifications, openStore } from '../src/store/index.js';
import { startCli } from './support/cli.js';

const workspaces: string[] = [];
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'genesys-evolve-'));
  workspaces.push(dir);
  return dir;
}
afterAll(async () => {
  await closeWorkerPool();
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

const config = (seed: number) => EvolutionConfigSchema.parse({
  seed, budget: { 'micro-1': 12, 'micro-2': 3, 'micro-3': 1 },
  check: { mode: 'static' }, verify: { mode: 'synthetic' },
  selection: { warmupVerified: 6, crossoverAfter: 3, scratchAfter: 5 },
});

async function lineage(dir: string) {
  const store = await openStore({ workspace: dir, create: false });
  try {
    const designs = await listDesigns(store.db, { evolution: 'default' });
    const names = new Map(designs.map((row) => [row.id, row.name]));
    const verifications = await listVerifications(store.db, { evolution: 'default' });
    return {
      designs: designs.map((row) => ({ name: row.name, generation: row.generation, origin: row.origin, parents: row.parents.map((id) => names.get(id)), hash: row.designHash, description: row.description })),
      verifications: verifications.map((row) => `${names.get(row.designId)}@${row.scale}`).sort(),
      budgets: (await listBudgets(store.db, { evolution: 'default' })).map((row) => `${row.scale}:${row.used}/${row.total}`),
    };
  } finally {
    await store.close();
  }
}

async function evolve(dir: string, seed: number) {
  const store = await openStore({ workspace: dir, create: true });
  try {
    return await runEvolution({ store, evolution: 'default', config: config(seed), pollMs: 50 });
  } finally {
    await store.close();
  }
}

describe('genesys evolve (synthetic verifier)', () => {
  it('spends the budgets, promotes designs, and repeats the same lineage from the same seed', async () => {
    const [first, second, other] = [workspace(), workspace(), workspace()];
    const result = await evolve(first, 7);
    expect(result.reason).toBe('finished');
    await evolve(second, 7);
    await evolve(other, 8);
    const a = await lineage(first);
    const b = await lineage(second);
    expect(a.budgets).toEqual(['micro-1:12/12', 'micro-2:3/3', 'micro-3:1/1']);
    expect(a.designs.filter((design) => design.origin !== 'seed').length).toBeGreaterThanOrEqual(7);
    expect(a.verifications.filter((entry) => entry.endsWith('@micro-2'))).toHaveLength(3);
    expect(a.designs.every((design) => design.origin === 'seed' || design.description.length > 20)).toBe(true);
    expect(b).toEqual(a);
    expect((await lineage(other)).designs).not.toEqual(a.designs);
  });

  it('loses and repeats no finished verification when killed mid-run and resumed', async () => {
    const dir = workspace();
    const configFile = join(dir, 'evolve.yaml');
    writeFileSync(configFile, JSON.stringify({ ...config(3), verify: { mode: 'synthetic', syntheticDelayMs: 400 } }));
    const cli = (args: string[]) => startCli(['evolve', '--workspace', dir, '--config', configFile, ...args]);
    const child = cli([]);
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    // Kill it hard once a few verifications are stored (generation lines appear as they finish).
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if ((output.match(/generation \d+ done/g) ?? []).length >= 3) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 50);
      child.on('exit', () => { clearInterval(timer); reject(new Error(`evolve exited before it could be killed:\n${output}`)); });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const before = await lineage(dir);
    expect(before.verifications.length).toBeGreaterThan(0);
    const store = await openStore({ workspace: dir, create: false });
    const stored = new Map((await listVerifications(store.db, { evolution: 'default' })).map((row) => [row.id, row.updatedAt]));
    await store.close();

    const resumed = cli(['--resume']);
    let resumedOutput = '';
    resumed.stderr!.on('data', (chunk: Buffer) => { resumedOutput += chunk.toString(); });
    const code = await new Promise((resolve) => resumed.once('exit', resolve));
    expect(code, resumedOutput).toBe(0);
    expect(resumedOutput).toMatch(/finished/);

    const after = await lineage(dir);
    expect(after.budgets).toEqual(['micro-1:12/12', 'micro-2:3/3', 'micro-3:1/1']);
    for (const entry of before.verifications) expect(after.verifications).toContain(entry);
    expect(new Set(after.verifications).size).toBe(after.verifications.length);
    expect(after.verifications).toHaveLength(16);
    const reopened = await openStore({ workspace: dir, create: false });
    try {
      for (const row of await listVerifications(reopened.db, { evolution: 'default' })) {
        if (stored.has(row.id)) expect(row.updatedAt).toBe(stored.get(row.id));
      }
      // each verification succeeded exactly once
      const { rows } = await reopened.db.query(
        `SELECT j.dedupe_key, count(*) FILTER (WHERE a.outcome = 'succeeded')::int AS ok FROM jobs j JOIN job_attempts a ON a.job_id = j.id
         WHERE j.kind = 'verify' GROUP BY j.dedupe_key`);
      expect(rows.every((row) => Number(row.ok) === 1), JSON.stringify(rows)).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
