/**
 * @module `prepareDataset`: a corpus and a tokenizer to train/val/test token shards plus meta.json.
 *
 * The dataset is built in a sibling temporary folder and renamed into place at the end, so a folder
 * with a meta.json is always complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import type { Corpus } from '../corpora/corpus.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import { ShardWriter } from './shard-writer.js';
import { dtypeFor, readShardsMeta, SHARDS_FORMAT, type ShardsMeta, type SplitName, type SplitSummary } from './shards-meta.js';
import { emptyCensus, fallbackMoves, idHashFraction, recordInCensus, splitOfHash, type SplitCensus } from './split-assignment.js';
import { UnigramCounter } from './unigram-entropy.js';
import { checkShardFiles } from './verify-shards.js';

export const PrepareSettingsSchema = z
  .object({
    valFraction: z.number().min(0).lt(1).default(0.01).describe('share of documents in val, by id hash'),
    testFraction: z.number().min(0).lt(1).default(0.01).describe('share of documents in test, by id hash'),
    shardTokens: z.number().int().positive().default(50_000_000).describe('tokens per shard file'),
    maxDocuments: z.number().int().positive().optional().describe('read only the first N documents'),
    force: z.boolean().default(false).describe('rebuild even when a matching dataset exists'),
  })
  .refine((settings) => settings.valFraction + settings.testFraction < 1, { message: 'val + test fractions must leave room for train' });
export type PrepareSettings = z.input<typeof PrepareSettingsSchema>;

/** Progress of a pass over the corpus; `pass` 2 happens only when a split had to borrow a document. */
export interface PrepareProgress {
  pass: 1 | 2;
  documents: number;
  tokens: number;
  bytes: number;
}

export interface PrepareDatasetOptions extends PrepareSettings {
  corpus: Corpus;
  tokenizer: Tokenizer;
  /** The dataset folder to create. */
  out: string;
  onProgress?: (progress: PrepareProgress) => void;
}

interface PassResult {
  splits: Record<SplitName, SplitSummary>;
  census: SplitCensus;
  documents: number;
  unigramBitsPerByte: number | null;
}

type Settings = z.output<typeof PrepareSettingsSchema>;

async function writePass(options: PrepareDatasetOptions, settings: Settings, dir: string, moves: Map<string, SplitName>, pass: 1 | 2): Promise<PassResult> {
  const { corpus, tokenizer } = options;
  const dtype = dtypeFor(tokenizer.vocabSize);
  const writers = {
    train: new ShardWriter({ dir, split: 'train', dtype, shardTokens: settings.shardTokens }),
    val: new ShardWriter({ dir, split: 'val', dtype, shardTokens: settings.shardTokens }),
    test: new ShardWriter({ dir, split: 'test', dtype, shardTokens: settings.shardTokens }),
  };
  const totals = { train: { tokens: 0, bytes: 0 }, val: { tokens: 0, bytes: 0 }, test: { tokens: 0, bytes: 0 } };
  const census = emptyCensus();
  const unigrams = new UnigramCounter(tokenizer.vocabSize);
  const eos = [tokenizer.eosId];
  const progress: PrepareProgress = { pass, documents: 0, tokens: 0, bytes: 0 };
  for await (const document of corpus.documents()) {
    const hash = idHashFraction(document.id);
    const split = moves.get(document.id) ?? splitOfHash(hash, settings);
    const ids = tokenizer.encode(document.text);
    const bytes = Buffer.byteLength(document.text, 'utf8');
    await writers[split].write(ids);
    await writers[split].write(eos);
    if (split === 'train') unigrams.add(ids);
    recordInCensus(census, split, { hash, id: document.id });
    totals[split].tokens += ids.length + 1;
    totals[split].bytes += bytes;
    progress.documents += 1;
    progress.tokens += ids.length + 1;
    progress.bytes += bytes;
    options.onProgress?.(progress);
    if (progress.documents === settings.maxDocuments) break;
  }
  const summary = async (split: SplitName): Promise<SplitSummary> => ({
    documents: census[split].documents,
    ...totals[split],
    shards: await writers[split].close(),
  });
  return {
    splits: { train: await summary('train'), val: await summary('val'), test: await summary('test') },
    census,
    documents: progress.documents,
    unigramBitsPerByte: unigrams.bitsPerByte(totals.train.bytes),
  };
}

function sameRecipe(meta: ShardsMeta, options: PrepareDatasetOptions, settings: Settings): boolean {
  return (
    meta.source.corpus === options.corpus.spec &&
    meta.tokenizer.name === options.tokenizer.name &&
    meta.split.valFraction === settings.valFraction &&
    meta.split.testFraction === settings.testFraction &&
    meta.shardTokens === settings.shardTokens &&
    meta.source.maxDocuments === (settings.maxDocuments ?? null)
  );
}

/** The existing dataset to reuse, or null to build; throws when `out` holds something we must not replace. */
async function reusableDataset(out: string, options: PrepareDatasetOptions, settings: Settings): Promise<ShardsMeta | null> {
  if (!existsSync(out)) return null;
  if (!existsSync(join(out, 'meta.json'))) {
    if ((await readdir(out)).length === 0) return null;
    throw new InputError(`${out} exists and is not a prepared dataset; refusing to overwrite it`, { hint: 'choose another --out' });
  }
  const meta = await readShardsMeta(out);
  if (settings.force) return null;
  if (!sameRecipe(meta, options, settings)) {
    throw new InputError(`${out} holds a dataset prepared differently (${meta.source.corpus}, ${meta.tokenizer.name})`, {
      hint: 'add --force to rebuild it, or choose another --out',
    });
  }
  await checkShardFiles(out, meta, { checksums: false });
  return meta;
}

/**
 * Prepares (or reuses) a dataset folder: shards of every split, meta.json, and returns the meta.
 *
 * @example
 * const meta = await prepareDataset({ corpus: openCorpus('brown'), tokenizer: getTokenizer('byte'), out: '.genesys/data/brown-byte' });
 */
export async function prepareDataset(options: PrepareDatasetOptions): Promise<ShardsMeta> {
  const settings = PrepareSettingsSchema.parse(options);
  const out = resolve(options.out);
  const reused = await reusableDataset(out, options, settings);
  if (reused) return reused;

  const building = `${out}.partial-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    let result = await writePass(options, settings, building, new Map(), 1);
    const moves = fallbackMoves(result.census, settings);
    if (moves.size > 0) {
      // Only small corpora get here (some split drew no document): rewrite with the moved documents.
      await rm(building, { recursive: true, force: true });
      await mkdir(building);
      result = await writePass(options, settings, building, moves, 2);
    }
    if (result.documents === 0) throw new InputError(`corpus ${options.corpus.spec} has no documents`);
    const meta: ShardsMeta = {
      format: SHARDS_FORMAT,
      tokenizer: { name: options.tokenizer.name, vocabSize: options.tokenizer.vocabSize, eosId: options.tokenizer.eosId },
      dtype: dtypeFor(options.tokenizer.vocabSize),
      source: { corpus: options.corpus.spec, documents: result.documents, maxDocuments: settings.maxDocuments ?? null },
      split: { method: 'sha1-of-id', valFraction: settings.valFraction, testFraction: settings.testFraction },
      shardTokens: settings.shardTokens,
      splits: result.splits,
      stats: { unigramBitsPerByte: result.unigramBitsPerByte },
      createdAt: new Date().toISOString(),
    };
    await writeFile(join(building, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    await replaceFolder(building, out);
    return meta;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

/** Moves `from` to `to`, replacing an existing `to` (only ever a dataset folder, checked by the caller). */
async function replaceFolder(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  if (existsSync(to)) {
    const old = `${to}.old-${process.pid}`;
    await rename(to, old);
    await rename(from, to);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(from, to);
  }
}
