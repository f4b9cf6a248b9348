// A verification run as a job through the store: the record lands in the verifications table
// exactly once, together with the job's completion, and a second run reuses it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesignFolder } from '../src/core/design-folder.js';
import { runQueued, VERIFY_JOB, type VerifyJobResult } from '../src/jobs/index.js';
import { ensureEvolution, insertDesign, listVerifications, openStore, type Store } from '../src/store/index.js';
import { REPO_ROOT } from './support/paths.js';
import { prepareTinyDataset, TINY_LADDER } from './support/tiny-dataset.js';

describe('verify jobs', () => {
  let workspace: string;
  let store: Store;
  let dataDir: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'genesys-verify-job-'));
    dataDir = await prepareTinyDataset(workspace);
    store = await openStore({ workspace, create: true });
  });

  afterAll(async () => {
    await store.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('stores the verification once, with the completion of its job', async () => {
    await ensureEvolution(store.db, { name: 'default' });
    const gpt = await readDesignFolder(join(REPO_ROOT, 'library/gpt'));
    const { id: designId } = await insertDesign(store.db, { evolution: 'default', design: gpt, origin: 'seed' });
    const payload = { designId, ladder: TINY_LADDER, scale: 'tiny', dataDir, baseline: false };
    const [job] = await runQueued({ store, kind: VERIFY_JOB, payloads: [payload] });
    expect(job!.status, job!.lastError ?? '').toBe('succeeded');
    const result = job!.result as VerifyJobResult;
    expect(result.record.status).toBe('ok');
    const rows = await listVerifications(store.db, { designId });
    expect(rows.map((row) => [row.ladder, row.scale, row.status])).toEqual([['test-tiny', 'tiny', 'ok']]);
    expect(rows[0]!.heldOutBpb).toBeGreaterThan(0);

    const [again] = await runQueued({ store, kind: VERIFY_JOB, payloads: [payload] });
    expect((again!.result as VerifyJobResult).record.finishedAt).toBe(result.record.finishedAt);
    expect(await listVerifications(store.db, { designId })).toHaveLength(1);
  });
});
