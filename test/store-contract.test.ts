// The store's contract on both engines (PGlite and PostgreSQL): migrations, designs and the tree,
// designer records, verifications and the leaderboard, LLM calls, budgets, events, export/import.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addImplementationAttempt, addProposal, addReview, appendEvent, codeHash, consumeBudget, designEdges, designsUsingUnit, ensureEvolution,
  exportStore, findDesign, listBaselines, upsertBaseline, importStore, insertDesign, leaderboard, listBudgets, listEvents, listImplementationAttempts, listProposals,
  listReviews, listVerifications, llmCost, migrate, MIGRATIONS, recordLlmCall, refundBudget, schemaVersion, SchemaTooNewError, setBudget,
  upsertVerification, type Db,
} from '../src/store/index.js';
import { InputError } from '../src/core/errors.js';
import type { CheckReport } from '../src/checker/report.js';
import { ENGINES, resetStore } from './support/store-engines.js';
import { failedRecord, okRecord, storeDesign } from './support/store-fixtures.js';

function filesUnder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

const REPORT: CheckReport = {
  design: 'child', passed: false, durationS: 1.5, options: {}, environment: { torch: '2.1' }, units: {}, parameters: null,
  checks: [{ name: 'causality', status: 'fail', summary: 'leak', data: {}, issues: [
    { severity: 'error', code: 'causality', message: 'future token leaks', unit: 'Mixer', file: 'units/Mixer.py', line: 3, source: 'x', traceback: [] },
  ] }],
};

/** An evolution with a seed, a child, a failed and a verified design, records and costs. */
async function populate(db: Db): Promise<{ seedId: string; childId: string }> {
  await ensureEvolution(db, { name: 'evo', config: { ladder: 'cpu-micro', note: 'é 中' } });
  const seed = await insertDesign(db, { evolution: 'evo', design: storeDesign('seed'), origin: 'seed' });
  const child = await insertDesign(db, { evolution: 'evo', design: storeDesign('child', ['seed']), origin: 'mutation', description: 'a gated mixer', generation: 3 });
  await addProposal(db, { designId: child.id, version: 1, text: 'gate the mixer', rating: 4.5, data: { abstract: 'x' } });
  await addReview(db, { designId: child.id, proposalVersion: 1, reviewer: 'reviewer', text: 'fine', rating: 4, data: {} });
  await addImplementationAttempt(db, { designId: child.id, attempt: 1, unitName: 'Mixer', status: 'rejected', report: REPORT });
  await upsertVerification(db, { designId: seed.id, record: okRecord({ design: 'seed', scale: 's1', bitsPerByte: 1.25 }), artifacts: { log: 'a'.repeat(64) } });
  await upsertVerification(db, { designId: child.id, record: okRecord({ design: 'child', scale: 's1', bitsPerByte: 1.1 }) });
  await recordLlmCall(db, { cacheKey: 'k1', evolution: 'evo', model: 'm', role: 'proposer', designId: child.id, tokensIn: 10, tokensOut: 5, costUsd: 0.01, latencyMs: 100, request: { messages: [] }, response: { text: 'hi' } });
  await setBudget(db, { evolution: 'evo', ladder: 'cpu-micro', scale: 's1', total: 8, used: 2 });
  const verified = okRecord({ design: 'baseline', scale: 's1', bitsPerByte: 8 });
  await upsertBaseline(db, {
    format: 'genesys-ts/baseline@1', ladder: verified.ladder, scale: 's1', dataset: verified.dataset, createdAt: '2026-01-01T00:00:00.000Z',
    sizing: { dModel: 64, nBlock: 2, params: 1000, targetParams: 1000, withinTolerance: true },
    evaluation: { results: {}, heldOut: { loss: 5.5, bitsPerByte: 8, tokens: 1000 } },
  });
  return { seedId: seed.id, childId: child.id };
}

describe.each(ENGINES)('store contract on $name', (engine) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (engine.skip) return;
    ({ db, close } = await engine.open());
  });
  afterAll(async () => close?.());
  beforeEach(async (context) => {
    if (engine.skip) return context.skip(engine.skip);
    await resetStore(db);
  });

  describe('migrations', () => {
    it('applies nothing when the schema is current', async () => {
      expect(await migrate(db)).toEqual({ version: MIGRATIONS.length, applied: [] });
      expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    });

    it('applies a new migration in order, rolls back a failing one, and refuses a newer schema without changing it', async () => {
      const next = MIGRATIONS.length + 1;
      await expect(migrate(db, [...MIGRATIONS, { version: next, name: 'broken', sql: 'CREATE TABLE probe (x int); SELECT 1/0;' }])).rejects.toThrow();
      expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
      expect((await db.query(`SELECT to_regclass('probe') IS NULL AS absent`)).rows[0]!.absent).toBe(true);

      expect(await migrate(db, [...MIGRATIONS, { version: next, name: 'probe', sql: 'CREATE TABLE probe (x int);' }])).toEqual({ version: next, applied: [next] });
      await ensureEvolution(db, { name: 'kept' });
      const error = await migrate(db).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect((error as SchemaTooNewError).code).toBe('schema_too_new');
      expect((error as Error).message).toMatch(new RegExp(`version ${next}, newer than .* \\(${MIGRATIONS.length}\\); nothing was changed`));
      expect(await schemaVersion(db)).toBe(next);
      expect((await db.query('SELECT name FROM evolutions')).rows).toEqual([{ name: 'kept' }]);
      await db.exec(`DROP TABLE probe; DELETE FROM schema_migrations WHERE version = ${next};`);
    });
  });

  describe('designs', () => {
    it('stores the design document, the parent edges and a units index', async () => {
      const { seedId, childId } = await populate(db);
      const child = await findDesign(db, { evolution: 'evo', name: 'child' });
      expect(child).toMatchObject({ id: childId, parents: [seedId], origin: 'mutation', description: 'a gated mixer' });
      expect(child!.design).toEqual(storeDesign('child', ['seed']));
      expect(await designEdges(db, { evolution: 'evo' })).toEqual([{ designId: childId, parentId: seedId, position: 0 }]);
      const shared = await designsUsingUnit(db, { codeHash: codeHash('class Mixer: pass\n') });
      expect(shared.map((row) => row.designId).sort()).toEqual([seedId, childId].sort());
    });

    it('rejects a duplicate name, a duplicate computation and an unknown parent', async () => {
      await populate(db);
      await expect(insertDesign(db, { evolution: 'evo', design: storeDesign('seed'), origin: 'seed' })).rejects.toBeInstanceOf(InputError);
      await expect(insertDesign(db, { evolution: 'evo', design: { ...storeDesign('seed'), name: 'renamed' }, origin: 'seed' })).rejects.toThrow(/same thing/);
      await expect(insertDesign(db, { evolution: 'evo', design: storeDesign('orphan', ['nobody']), origin: 'mutation' })).rejects.toThrow(/unknown parent.*nobody/);
      expect((await db.query('SELECT count(*)::int AS n FROM designs')).rows[0]!.n).toBe(2);
    });

    it('keeps proposals, reviews and implementation attempts with checker reports', async () => {
      const { childId } = await populate(db);
      expect((await listProposals(db, { designId: childId })).map((row) => [row.version, row.rating])).toEqual([[1, 4.5]]);
      expect((await listReviews(db, { designId: childId }))[0]).toMatchObject({ reviewer: 'reviewer', rating: 4 });
      const [attempt] = await listImplementationAttempts(db, { designId: childId });
      expect(attempt!.report).toEqual(REPORT);
    });
  });

  describe('verifications', () => {
    it('upserts one row per (design, ladder, scale) with metric columns from the record', async () => {
      const { seedId } = await populate(db);
      await upsertVerification(db, { designId: seedId, record: okRecord({ design: 'seed', scale: 's1', bitsPerByte: 1.2 }) });
      await upsertVerification(db, { designId: seedId, record: failedRecord({ design: 'seed', scale: 's2', status: 'diverged', reason: 'loss went to NaN at step 7' }) });
      const rows = await listVerifications(db, { designId: seedId });
      expect(rows.map((row) => [row.scale, row.status, row.heldOutBpb, row.params])).toEqual([['s1', 'ok', 1.2, 1_000_000], ['s2', 'diverged', null, 1_000_000]]);
      expect(rows[1]!.record).toMatchObject({ reason: 'loss went to NaN at step 7' });
    });

    it('answers the leaderboard: best designs per scale by held-out bits per byte, failures left out', async () => {
      await ensureEvolution(db, { name: 'evo' });
      const scores: Record<string, [number, number]> = { a: [1.5, 1.2], b: [1.1, 1.3], c: [1.3, 1.0], d: [0.9, 0.95] };
      for (const [name, [small, large]] of Object.entries(scores)) {
        const { id } = await insertDesign(db, { evolution: 'evo', design: storeDesign(name), origin: 'seed' });
        await upsertVerification(db, { designId: id, record: okRecord({ design: name, scale: 'small', bitsPerByte: small }) });
        await upsertVerification(db, { designId: id, record: okRecord({ design: name, scale: 'large', bitsPerByte: large }) });
      }
      // d's large run is replaced by a timeout: it leaves the large board though its old score was best.
      const { id: timedOutId } = (await findDesign(db, { evolution: 'evo', name: 'd' }))!;
      await upsertVerification(db, { designId: timedOutId, record: failedRecord({ design: 'd', scale: 'large', status: 'timeout', reason: 'wall clock' }) });
      const board = await leaderboard(db, { evolution: 'evo', ladder: 'cpu-micro', limit: 2 });
      expect(board.map((entry) => [entry.scale, entry.rank, entry.designName, entry.heldOutBpb])).toEqual([
        ['large', 1, 'c', 1.0], ['large', 2, 'a', 1.2],
        ['small', 1, 'd', 0.9], ['small', 2, 'b', 1.1],
      ]);
    });
  });

  it('caches LLM calls by key and sums their cost', async () => {
    const { childId } = await populate(db);
    const again = await recordLlmCall(db, { cacheKey: 'k1', model: 'other', role: 'x', tokensIn: 1, tokensOut: 1, costUsd: 9, latencyMs: 1, request: {}, response: {} });
    expect(again).toMatchObject({ model: 'm', costUsd: 0.01, designId: childId });
    await recordLlmCall(db, { cacheKey: 'k2', evolution: 'evo', model: 'm', role: 'coder', tokensIn: 30, tokensOut: 7, costUsd: 0.02, latencyMs: 5, request: {}, response: {} });
    expect(await llmCost(db, { evolution: 'evo' })).toEqual({ calls: 2, tokensIn: 40, tokensOut: 12, costUsd: 0.03 });
  });

  it('spends a budget atomically: concurrent consumers never overspend', async () => {
    await ensureEvolution(db, { name: 'evo' });
    await setBudget(db, { evolution: 'evo', ladder: 'l', scale: 's', total: 5 });
    const spent = await Promise.all(Array.from({ length: 12 }, () => consumeBudget(db, { evolution: 'evo', ladder: 'l', scale: 's' })));
    expect(spent.filter(Boolean)).toHaveLength(5);
    await refundBudget(db, { evolution: 'evo', ladder: 'l', scale: 's' });
    expect((await listBudgets(db, { evolution: 'evo' }))[0]).toMatchObject({ total: 5, used: 4 });
  });

  it('appends events and lists them after an id', async () => {
    for (const kind of ['design-added', 'verify-end', 'design-added']) await appendEvent(db, { kind, evolution: 'evo', data: { kind } });
    const all = await listEvents(db);
    expect(all.map((event) => event.kind)).toEqual(['design-added', 'verify-end', 'design-added']);
    expect((await listEvents(db, { after: all[0]!.id, kind: 'design-added' })).map((event) => event.id)).toEqual([all[2]!.id]);
  });

  describe('export and import', () => {
    it('round-trips exactly: export, import into an empty store, export again gives the same files', async () => {
      await populate(db);
      const first = mkdtempSync(join(tmpdir(), 'genesys-export-'));
      const second = mkdtempSync(join(tmpdir(), 'genesys-export-'));
      try {
        const summary = await exportStore(db, { out: first });
        expect(summary).toMatchObject({ evolutions: 1, designs: 2, verifications: 2, llmCalls: 1 });
        await resetStore(db);
        expect(await importStore(db, { dir: first })).toMatchObject({ designs: 2, skippedDesigns: 0 });
        expect((await findDesign(db, { evolution: 'evo', name: 'child' }))?.generation).toBe(3);
        expect([...(await listBaselines(db, { ladder: okRecord({ design: 'x', scale: 's1', bitsPerByte: 1 }).ladder })).keys()]).toEqual(['s1']);
        await exportStore(db, { out: second });
        const before = filesUnder(first);
        expect(Object.keys(before)).toContain('designs/evo/child/units/Mixer.py');
        expect(filesUnder(second)).toEqual(before);
        // A second import finds everything present and changes nothing.
        expect(await importStore(db, { dir: first })).toMatchObject({ skippedDesigns: 2 });
        expect((await db.query('SELECT count(*)::int AS n FROM verifications')).rows[0]!.n).toBe(2);
      } finally {
        rmSync(first, { recursive: true, force: true });
        rmSync(second, { recursive: true, force: true });
      }
    });

    it('refuses a conflicting design and writes nothing', async () => {
      const { childId } = await populate(db);
      const out = mkdtempSync(join(tmpdir(), 'genesys-export-'));
      try {
        await exportStore(db, { out });
        await resetStore(db);
        await ensureEvolution(db, { name: 'evo' });
        await insertDesign(db, { id: childId, evolution: 'evo', design: storeDesign('different'), origin: 'seed' });
        await expect(importStore(db, { dir: out })).rejects.toThrow(/already exists with different content/);
        expect((await db.query('SELECT count(*)::int AS n FROM designs')).rows[0]!.n).toBe(1);
        await expect(importStore(db, { dir: join(out, 'designs') })).rejects.toThrow(/not a genesys export folder/);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
});
