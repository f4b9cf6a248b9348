/**
 * @module meta.json of a prepared dataset (docs/verification.md): the contract with the Python trainer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { TokenizerInfoSchema } from '../tokenizers/tokenizer.js';

export const SHARDS_FORMAT = 'genesys-ts/shards@1';
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export const ShardSchema = z.object({
  file: z.string().describe('file name inside the dataset folder'),
  tokens: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const SplitSummarySchema = z.object({
  documents: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative().describe('tokens in the shards, one EOS per document included'),
  bytes: z.number().int().nonnegative().describe('UTF-8 bytes of the documents (EOS not counted), for bits per byte'),
  shards: z.array(ShardSchema),
});
export type SplitSummary = z.infer<typeof SplitSummarySchema>;

export const ShardsMetaSchema = z.object({
  format: z.literal(SHARDS_FORMAT),
  tokenizer: TokenizerInfoSchema,
  dtype: z.enum(['uint16', 'uint32']).describe('little-endian; uint16 when the vocabulary fits'),
  source: z.object({
    corpus: z.string().describe('the corpus spec, e.g. brown or text:PATH'),
    documents: z.number().int().nonnegative(),
    maxDocuments: z.number().int().positive().nullable().describe('cap on documents read, null for all'),
  }),
  split: z.object({
    method: z.literal('sha1-of-id').describe('first 48 bits of sha1(document id) as a fraction in [0, 1)'),
    valFraction: z.number().min(0).lt(1),
    testFraction: z.number().min(0).lt(1),
  }),
  shardTokens: z.number().int().positive().describe('tokens per shard file; the last one of a split holds the rest'),
  splits: z.object({ train: SplitSummarySchema, val: SplitSummarySchema, test: SplitSummarySchema }),
  stats: z.object({
    unigramBitsPerByte: z.number().nonnegative().nullable().describe('entropy of the train split\'s token unigrams, in bits per UTF-8 byte'),
  }),
  createdAt: z.iso.datetime(),
});
export type ShardsMeta = z.infer<typeof ShardsMetaSchema>;

/** The narrowest id type for a vocabulary: uint16 halves the files when ids fit. */
export function dtypeFor(vocabSize: number): ShardsMeta['dtype'] {
  return vocabSize <= 65536 ? 'uint16' : 'uint32';
}

/** Bytes per token id on disk. */
export function dtypeBytes(dtype: ShardsMeta['dtype']): 2 | 4 {
  return dtype === 'uint16' ? 2 : 4;
}

/** Reads and validates `<dir>/meta.json`; InputError when missing or not ours. */
export async function readShardsMeta(dir: string): Promise<ShardsMeta> {
  const path = join(dir, 'meta.json');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError(`no prepared dataset at ${dir} (missing meta.json)`, { cause, hint: 'run `genesys data prepare`' });
  });
  const parsed = ShardsMetaSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new InputError(`${path} is not a ${SHARDS_FORMAT} dataset: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
