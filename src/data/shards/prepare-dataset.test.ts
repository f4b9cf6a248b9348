// Shards as the Python trainer will read them: ids, EOS placement, counts, sha256, splits, reuse.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Corpus, CorpusDocument } from '../corpora/corpus.js';
import { CorruptShardError } from '../errors.js';
import { byteTokenizer } from '../tokenizers/byte-tokenizer.js';
import { getTokenizer } from '../tokenizers/get-tokenizer.js';
import { TOKENIZER_NAMES, type Tokenizer } from '../tokenizers/tokenizer.js';
import { prepareDataset, type PrepareProgress } from './prepare-dataset.js';
import { readShardsMeta, SPLIT_NAMES, type ShardsMeta, type SplitName } from './shards-meta.js';
import { idHashFraction, splitOfHash } from './split-assignment.js';
import { verifyShards } from './verify-shards.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-shards-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let outputs = 0;
const freshOut = () => join(folder, `dataset-${outputs++}`);

function documentsOf(count: number, from = 0): CorpusDocument[] {
  return Array.from({ length: count }, (_, index) => ({ id: `doc-${from + index}`, text: `Document ${from + index}: naïve text, ${'words '.repeat((from + index) % 7)}end.` }));
}

function corpusOf(documents: CorpusDocument[], spec = 'strings'): Corpus {
  return {
    spec,
    async *documents() {
      yield* documents;
    },
  };
}

/** Reads a split's token stream back (all shards in order) as ids. */
function splitIds(dir: string, meta: ShardsMeta, split: SplitName): number[] {
  const ids: number[] = [];
  for (const shard of meta.splits[split].shards) {
    const bytes = readFileSync(join(dir, shard.file));
    for (let offset = 0; offset < bytes.length; offset += meta.dtype === 'uint16' ? 2 : 4) {
      ids.push(meta.dtype === 'uint16' ? bytes.readUInt16LE(offset) : bytes.readUInt32LE(offset));
    }
  }
  return ids;
}

/** Splits a token stream at EOS into the documents' texts; the stream must end with EOS. */
function splitTexts(ids: number[], tokenizer: Tokenizer): string[] {
  const texts: string[] = [];
  let start = 0;
  ids.forEach((id, index) => {
    if (id === tokenizer.eosId) {
      texts.push(tokenizer.decode(ids.slice(start, index)));
      start = index + 1;
    }
  });
  expect(start).toBe(ids.length);
  return texts;
}

const fractions = { valFraction: 0.2, testFraction: 0.2 };

describe.each(TOKENIZER_NAMES)('prepareDataset with the %s tokenizer', (name) => {
  const tokenizer = getTokenizer(name);
  const documents = documentsOf(40);

  it('writes every document, in corpus order, to the split of its id hash, each followed by EOS', async () => {
    const out = freshOut();
    const meta = await prepareDataset({ corpus: corpusOf(documents), tokenizer, out, ...fractions, shardTokens: 150 });
    expect(meta.tokenizer).toEqual({ name, vocabSize: tokenizer.vocabSize, eosId: tokenizer.eosId });
    expect(meta.dtype).toBe('uint16');
    expect(meta.source).toEqual({ corpus: 'strings', documents: 40, maxDocuments: null });
    for (const split of SPLIT_NAMES) {
      const expected = documents.filter((document) => splitOfHash(idHashFraction(document.id), fractions) === split);
      expect(expected.length, `split ${split} is not empty for these ids`).toBeGreaterThan(0);
      const ids = splitIds(out, meta, split);
      expect(ids).toEqual(expected.flatMap((document) => [...tokenizer.encode(document.text), tokenizer.eosId]));
      expect(splitTexts(ids, tokenizer)).toEqual(expected.map((document) => document.text));
      const summary = meta.splits[split];
      expect(summary.documents).toBe(expected.length);
      expect(summary.tokens).toBe(ids.length);
      expect(summary.bytes).toBe(expected.reduce((total, document) => total + Buffer.byteLength(document.text), 0));
      // Shards hold exactly shardTokens tokens except the last, and carry their sha256.
      expect(summary.shards.slice(0, -1).every((shard) => shard.tokens === 150)).toBe(true);
      expect(summary.shards.reduce((total, shard) => total + shard.tokens, 0)).toBe(ids.length);
      for (const shard of summary.shards) {
        expect(createHash('sha256').update(readFileSync(join(out, shard.file))).digest('hex')).toBe(shard.sha256);
      }
    }
    expect(meta.splits.train.shards.map((shard) => shard.file).slice(0, 2)).toEqual(['train-000.bin', 'train-001.bin']);
    expect(await readShardsMeta(out)).toEqual(meta);
    expect(meta.stats.unigramBitsPerByte).toBeGreaterThan(0);
  });

  it('is deterministic: the same corpus gives byte-identical shards', async () => {
    const first = freshOut();
    const second = freshOut();
    const metaA = await prepareDataset({ corpus: corpusOf(documents), tokenizer, out: first, ...fractions });
    const metaB = await prepareDataset({ corpus: corpusOf(documents), tokenizer, out: second, ...fractions });
    expect({ ...metaA, createdAt: '' }).toEqual({ ...metaB, createdAt: '' });
    for (const file of readdirSync(first).filter((name) => name.endsWith('.bin'))) {
      expect(readFileSync(join(first, file)).equals(readFileSync(join(second, file)))).toBe(true);
    }
  });
});

describe('prepareDataset', () => {
  const tokenizer = byteTokenizer();

  it('keeps every document in its split when documents are added', async () => {
    const before = documentsOf(30);
    const after = [...before, ...documentsOf(30, 30)];
    const outBefore = freshOut();
    const outAfter = freshOut();
    const metaBefore = await prepareDataset({ corpus: corpusOf(before), tokenizer, out: outBefore, ...fractions });
    const metaAfter = await prepareDataset({ corpus: corpusOf(after), tokenizer, out: outAfter, ...fractions });
    for (const split of SPLIT_NAMES) {
      const textsBefore = splitTexts(splitIds(outBefore, metaBefore, split), tokenizer);
      const textsAfter = new Set(splitTexts(splitIds(outAfter, metaAfter, split), tokenizer));
      expect(textsBefore.length).toBeGreaterThan(0);
      expect(textsBefore.filter((text) => !textsAfter.has(text))).toEqual([]);
    }
  });

  it('gives val and test a document each even when no hash falls in them', async () => {
    const out = freshOut();
    const meta = await prepareDataset({ corpus: corpusOf(documentsOf(5)), tokenizer, out, valFraction: 0.01, testFraction: 0.01 });
    expect(SPLIT_NAMES.map((split) => meta.splits[split].documents)).toEqual([3, 1, 1]);
    const all = SPLIT_NAMES.flatMap((split) => splitTexts(splitIds(out, meta, split), tokenizer));
    expect(all.sort()).toEqual(documentsOf(5).map((document) => document.text).sort());
  });

  it('writes uint32 ids for a vocabulary above 65536', async () => {
    const wide: Tokenizer = { ...tokenizer, name: 'byte', vocabSize: 70_000, eosId: 69_999, decode: (ids) => tokenizer.decode(ids.filter((id) => id !== 69_999)) };
    const out = freshOut();
    const meta = await prepareDataset({ corpus: corpusOf(documentsOf(3)), tokenizer: wide, out, valFraction: 0, testFraction: 0 });
    expect(meta.dtype).toBe('uint32');
    expect(splitIds(out, meta, 'train').filter((id) => id === 69_999)).toHaveLength(3);
    expect(meta.splits.val.shards).toEqual([]);
  });

  it('reports the unigram entropy of the train split in bits per byte', async () => {
    const out = freshOut();
    const meta = await prepareDataset({ corpus: corpusOf([{ id: 'a', text: 'ab' }, { id: 'b', text: 'aab' }]), tokenizer, out, valFraction: 0, testFraction: 0 });
    // bytes a a a b b: H = -(0.6 log2 0.6 + 0.4 log2 0.4) bits per byte
    expect(meta.stats.unigramBitsPerByte).toBeCloseTo(-(0.6 * Math.log2(0.6) + 0.4 * Math.log2(0.4)), 12);
  });

  it('stops after maxDocuments and reports progress per document', async () => {
    const seen: PrepareProgress[] = [];
    const meta = await prepareDataset({ corpus: corpusOf(documentsOf(20)), tokenizer, out: freshOut(), ...fractions, maxDocuments: 12, onProgress: (progress) => seen.push({ ...progress }) });
    expect(meta.source).toEqual({ corpus: 'strings', documents: 12, maxDocuments: 12 });
    expect(seen.map((progress) => progress.documents)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });

  it('reuses a matching dataset without rebuilding, refuses a different one, and rebuilds with force', async () => {
    const out = freshOut();
    const corpus = corpusOf(documentsOf(10));
    const built = await prepareDataset({ corpus, tokenizer, out, ...fractions });
    let progressCalls = 0;
    const reused = await prepareDataset({ corpus, tokenizer, out, ...fractions, onProgress: () => progressCalls++ });
    expect(reused).toEqual(built);
    expect(progressCalls).toBe(0);
    await expect(prepareDataset({ corpus, tokenizer: getTokenizer('gpt2'), out, ...fractions })).rejects.toThrow(/prepared differently/);
    const rebuilt = await prepareDataset({ corpus, tokenizer: getTokenizer('gpt2'), out, ...fractions, force: true });
    expect(rebuilt.tokenizer.name).toBe('gpt2');
    expect(readdirSync(folder).filter((name) => name.includes('.partial-') || name.includes('.old-'))).toEqual([]);
  });

  it('leaves nothing behind when the corpus fails half-way', async () => {
    const out = freshOut();
    const failing: Corpus = {
      spec: 'failing',
      async *documents() {
        yield { id: 'one', text: 'fine' };
        throw new Error('disk on fire');
      },
    };
    await expect(prepareDataset({ corpus: failing, tokenizer, out })).rejects.toThrow('disk on fire');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('refuses to overwrite a folder that is not a dataset', async () => {
    const out = freshOut();
    await mkdir(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(prepareDataset({ corpus: corpusOf(documentsOf(3)), tokenizer, out, force: true })).rejects.toThrow(/not a prepared dataset/);
  });
});

describe('verifyShards', () => {
  it('accepts an intact dataset and names a truncated or altered shard', async () => {
    const out = freshOut();
    await prepareDataset({ corpus: corpusOf(documentsOf(40)), tokenizer: byteTokenizer(), out, ...fractions });
    await expect(verifyShards(out)).resolves.toMatchObject({ format: 'genesys-ts/shards@1' });

    const shard = join(out, 'train-000.bin');
    const original = readFileSync(shard);
    const altered = Buffer.from(original);
    altered[0] = (altered[0] ?? 0) ^ 1;
    writeFileSync(shard, altered);
    await expect(verifyShards(out)).rejects.toThrow(/corrupt or missing shard .*train-000\.bin: sha256/);

    writeFileSync(shard, original);
    truncateSync(shard, original.length - 2);
    const error = await verifyShards(out).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptShardError);
    expect((error as CorruptShardError).message).toMatch(/corrupt or missing shard .*train-000\.bin: \d+ bytes, expected \d+/);

    rmSync(shard);
    await expect(verifyShards(out)).rejects.toThrow(/train-000\.bin: file not found/);
  });
});
