/**
 * @module The dataset a ladder trains on: an existing dataset folder, checked, or the ladder's
 * default corpus prepared on first use (so `genesys verify` works with zero setup).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ladder } from '../config/index.js';
import { InputError } from '../core/errors.js';
import { corpusSlug, getTokenizer, openCorpus, prepareDataset, prepareEvalTasks, readShardsMeta, verifyShards } from '../data/index.js';
import { sharedInFlight } from './in-flight.js';
import type { DatasetInfo } from './run-verification.js';

export interface EnsureDatasetOptions {
  ladder: Ladder;
  workspace: string;
  /** A prepared dataset folder; default `<workspace>/data/<corpus>-<tokenizer>`, prepared when missing. */
  dataDir?: string;
  onStatus?: (message: string) => void;
}

const inFlight = sharedInFlight<DatasetInfo>();

/** The checked dataset of a ladder (shards' sizes and hashes verified, tokenizer matching). */
export function ensureDataset(options: EnsureDatasetOptions): Promise<DatasetInfo> {
  const dir = options.dataDir ?? join(options.workspace, 'data', `${corpusSlug(options.ladder.corpus)}-${options.ladder.tokenizer}`);
  return inFlight(dir, () => checkOrPrepare(dir, options));
}

async function checkOrPrepare(dir: string, { ladder, dataDir, onStatus }: EnsureDatasetOptions): Promise<DatasetInfo> {
  const tokenizer = getTokenizer(ladder.tokenizer);
  if (!existsSync(join(dir, 'meta.json'))) {
    if (dataDir) throw new InputError(`no dataset at ${dataDir} (meta.json missing)`, { hint: 'prepare one with `genesys data prepare --out DIR`' });
    onStatus?.(`preparing ${ladder.corpus} with the ${ladder.tokenizer} tokenizer in ${dir}`);
    await prepareDataset({ corpus: openCorpus(ladder.corpus), tokenizer, out: dir });
  }
  const meta = await readShardsMeta(dir);
  if (meta.tokenizer.name !== ladder.tokenizer) {
    throw new InputError(`dataset ${dir} uses the ${meta.tokenizer.name} tokenizer; ladder ${ladder.name} needs ${ladder.tokenizer}`);
  }
  await verifyShards(dir);
  if (!existsSync(join(dir, 'eval'))) {
    onStatus?.('tokenizing the evaluation tasks');
    await prepareEvalTasks({ dataset: dir, tokenizer });
  }
  return { dir, tokenizer: meta.tokenizer.name, vocabSize: meta.tokenizer.vocabSize };
}
