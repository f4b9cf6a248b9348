// Hugging Face datasets through a local stand-in for the Hub: download, cache, offline reuse, offline error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineError } from '../errors.js';
import type { Corpus } from './corpus.js';
import { hfCorpus } from './hf-corpus.js';
import { openCorpus } from './open-corpus.js';
import { closedPort, startHubStandIn, type HubStandIn } from '../../../test/support/hub-stand-in.js';
import { writeTinyParquet } from '../../../test/support/parquet-fixture.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-hf-'));
let hub: HubStandIn;

async function texts(corpus: Corpus): Promise<string[]> {
  const found: string[] = [];
  for await (const document of corpus.documents()) found.push(`${document.id}=${document.text}`);
  return found;
}

beforeAll(async () => {
  await writeTinyParquet(join(folder, 'train-0.parquet'), 'text', [['story one', 'story two']]);
  await writeTinyParquet(join(folder, 'train-1.parquet'), 'text', [['story three']]);
  hub = await startHubStandIn(folder, { 'owner/stories': { default: { train: ['train-0.parquet', 'train-1.parquet'], validation: [] }, other: { train: [] } } });
});

afterAll(async () => {
  await hub.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('hf corpus', () => {
  const cacheDir = join(folder, 'cache');

  it('downloads the parquet files of the default config and train split, then reads them offline from the cache', async () => {
    const expected = ['owner/stories/default/train/0:0=story one', 'owner/stories/default/train/0:1=story two', 'owner/stories/default/train/1:0=story three'];
    expect(await texts(openCorpus('hf:owner/stories', { cacheDir, hfEndpoint: hub.endpoint }))).toEqual(expected);
    expect(hub.requests.filter((url) => url.startsWith('/files/'))).toHaveLength(2);
    const offline = `http://127.0.0.1:${await closedPort()}`;
    expect(await texts(hfCorpus({ repo: 'owner/stories', cacheDir, endpoint: offline }))).toEqual(expected);
  });

  it('names the configs or splits a dataset has', async () => {
    await expect(texts(openCorpus('hf:owner/stories:nope', { cacheDir, hfEndpoint: hub.endpoint }))).rejects.toThrow(/no config "nope" \(configs: default, other\)/);
    await expect(texts(openCorpus('hf:owner/stories::test', { cacheDir, hfEndpoint: hub.endpoint }))).rejects.toThrow(/no split "test" \(splits: train, validation\)/);
    await expect(texts(openCorpus('hf:owner/missing', { cacheDir, hfEndpoint: hub.endpoint }))).rejects.toThrow(/HTTP 404/);
  });

  it('fails offline with an error whose hint names the offline corpora', async () => {
    process.env.GENESYS_HF_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    try {
      const error = await texts(openCorpus('hf:roneneldan/TinyStories', { cacheDir: join(folder, 'empty-cache') })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OfflineError);
      expect((error as OfflineError).code).toBe('offline');
      expect((error as OfflineError).message).toMatch(/cannot reach the Hugging Face Hub/);
      expect((error as OfflineError).hint).toMatch(/brown.*text:.*jsonl:.*parquet:/);
    } finally {
      delete process.env.GENESYS_HF_ENDPOINT;
    }
  });
});
