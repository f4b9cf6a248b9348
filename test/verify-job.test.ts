// A verification run as a job through the store: the record lands in the verifications table
// exactly once, together with the job's completion, and a second run reuses it. The record and the
// trained weights are copied into the artifact folder, and the row names them by hash.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesignFolder } from '../src/core/design-folder.js';
import { runQueued, VERIFY_JOB, type VerifyJobResult } from '../src/jobs/index.js';
import { artifactPath, ensureEvolution, insertDesign, listVerifications, openStore, type Store } from '../src/store/index.js';
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

    // The record and the trained weights are in the artifact folder, named by the row's hashes.
    const { artifacts } = rows[0]!;
    expect(Object.keys(artifacts).sort()).toEqual(['checkpoint', 'record']);
    const checkpoint = result.record.status === 'ok' ? result.record.training?.checkpoint : undefined;
    expect(checkpoint).toBe(join(workspace, 'runs', 'gpt', 'tiny', 'checkpoint.pt'));
    expect((await readFile(artifactPath(store.location.artifacts, artifacts.checkpoint!))).equals(await readFile(checkpoint!))).toBe(true);
    expect(JSON.parse(await readFile(artifactPath(store.location.artifacts, artifacts.record!), 'utf8'))).toEqual(rows[0]!.record);
    const registered = await store.db.query('SELECT sha256, media_type FROM artifacts ORDER BY media_type');
    expect(registered.rows).toEqual([
      { sha256: artifacts.record, media_type: 'application/json' },
      { sha256: artifacts.checkpoint, media_type: 'application/octet-stream' },
    ]);

    const [again] = await runQueued({ store, kind: VERIFY_JOB, payloads: [payload] });
    expect((again!.result as VerifyJobResult).record.finishedAt).toBe(result.record.finishedAt);
    const reused = await listVerifications(store.db, { designId });
    expect(reused).toHaveLength(1);
    expect(reused[0]!.artifacts).toEqual(artifacts);
  });
});
