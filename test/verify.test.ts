// Verification end to end on a tiny ladder: size -> train -> evaluate trained weights, the
// untrained baseline, resume after an abort, and failures recorded with their reasons.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesignFolder } from '../src/core/design-folder.js';
import type { Design } from '../src/core/design.js';
import { ensureDataset, recordPath, runDirectory, scaleBaseline, verifyDesign, type DatasetInfo } from '../src/verify/index.js';
import { tinyDesign } from './fixtures/tiny-design.js';
import { REPO_ROOT } from './support/paths.js';
import { prepareTinyDataset, TINY_LADDER } from './support/tiny-dataset.js';

const LADDER = TINY_LADDER;
const SCALE = LADDER.scales[0]!;

describe('verification', () => {
  let workspace: string;
  let dataset: DatasetInfo;
  let gpt: Design;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'genesys-verify-'));
    dataset = await ensureDataset({ ladder: LADDER, workspace, dataDir: await prepareTinyDataset(workspace) });
    gpt = await readDesignFolder(join(REPO_ROOT, 'library/gpt'));
  });

  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it('trains and evaluates the trained weights, which beat the untrained baseline', async () => {
    const common = { reference: gpt, ladder: LADDER, scale: SCALE, dataset, workspace };
    const baseline = await scaleBaseline(common);
    const record = await verifyDesign({ ...common, design: gpt });
    expect(record.status, JSON.stringify(record)).toBe('ok');
    if (record.status !== 'ok') return;
    expect(record.sizing!.withinTolerance).toBe(true);
    expect(Math.abs(record.sizing!.params - 40_000) / 40_000).toBeLessThanOrEqual(0.2);
    expect(record.training!.tokens).toBeGreaterThanOrEqual(48_000);
    expect(record.evaluation.heldOut.bitsPerByte).toBeLessThan(baseline.evaluation.heldOut.bitsPerByte - 1);
    expect(Object.keys(record.evaluation.results).sort()).toEqual(['blimp', 'lambada_openai', 'piqa']);
    expect(existsSync(recordPath(workspace, 'gpt', 'tiny'))).toBe(true);

    const again = await verifyDesign({ ...common, design: gpt });
    expect(again.finishedAt).toBe(record.finishedAt); // the stored record, not a new run
  });

  it('resumes an aborted run from its checkpoint', async () => {
    const design = { ...gpt, name: 'gpt-resumed' };
    const controller = new AbortController();
    const common = { reference: gpt, ladder: LADDER, scale: SCALE, dataset, workspace, design };
    const aborted = verifyDesign({
      ...common,
      signal: controller.signal,
      onProgress: (progress) => { if (progress.stage === 'train' && (progress.step ?? 0) >= 40) controller.abort(new Error('stop')); },
    });
    await expect(aborted).rejects.toThrow('stop');
    expect(existsSync(recordPath(workspace, design.name, 'tiny'))).toBe(false);
    expect(existsSync(join(runDirectory(workspace, design.name, 'tiny'), 'checkpoint.pt'))).toBe(true);
    const firstSteps: number[] = [];
    const record = await verifyDesign({ ...common, onProgress: (progress) => { if (progress.step !== undefined) firstSteps.push(progress.step); } });
    expect(record.status).toBe('ok');
    expect(Math.min(...firstSteps)).toBeGreaterThan(1);
  });

  it('records a diverging design with its reason', async () => {
    const design = tinyDesign('nan');
    const record = await verifyDesign({ reference: gpt, ladder: LADDER, scale: SCALE, dataset, workspace, design });
    expect(['diverged', 'invalid', 'failed']).toContain(record.status);
    if (record.status !== 'ok') expect(record.reason).toMatch(/nan|NaN|diverge|finite/i);
  });

  it('records a worker killed for memory, keeps earlier records, and retries next time', async () => {
    const before = await readFile(recordPath(workspace, 'gpt', 'tiny'), 'utf8');
    const design = { ...gpt, name: 'gpt-starved' };
    const common = { reference: gpt, ladder: LADDER, scale: SCALE, dataset, workspace, design };
    const starved = await verifyDesign({ ...common, memoryMb: 200 });
    expect(['killed', 'failed']).toContain(starved.status);
    if (starved.status !== 'ok') expect(starved.reason).toMatch(/memory|MemoryError|killed/i);
    expect(await readFile(recordPath(workspace, 'gpt', 'tiny'), 'utf8')).toBe(before);
    const retried = await verifyDesign(common);
    expect(retried.status).toBe('ok');
  });

  it('refuses a corrupt shard with a message naming the file', async () => {
    const copy = join(workspace, 'corrupt');
    const { cp } = await import('node:fs/promises');
    await cp(dataset.dir, copy, { recursive: true });
    await truncate(join(copy, 'train-000.bin'), 100);
    await expect(ensureDataset({ ladder: LADDER, workspace, dataDir: copy })).rejects.toThrow(/train-000\.bin/);
  });
});
