// A small byte-level dataset (the first 200 KB of the TinyStories fixture) and a tiny ladder for
// verification tests: a 40K-parameter scale trained on 48K tokens in a few seconds.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LadderSchema } from '../../src/config/index.js';
import { getTokenizer, openCorpus, prepareDataset } from '../../src/data/index.js';
import { REPO_ROOT } from './paths.js';

export const TINY_LADDER = LadderSchema.parse({
  name: 'test-tiny',
  tokenizer: 'byte',
  corpus: 'unused',
  scales: [{
    name: 'tiny', targetParams: 40_000, tokens: 48_000, seqLen: 32, batchTokens: 512, learningRate: 3e-3,
    depthPerWidth: 1 / 32, budget: 1, timeoutMinutes: 5,
    eval: { maxHeldOutTokens: 4_000, maxItemsPerTask: 20, tasks: ['piqa', 'blimp', 'lambada_openai'] },
  }],
});

/** Prepares the tiny dataset under `folder` and returns its directory. */
export async function prepareTinyDataset(folder: string): Promise<string> {
  const corpus = join(folder, 'corpus.txt');
  const text = await readFile(join(REPO_ROOT, 'data/corpus/tinystories-valid.txt'), 'utf8');
  await writeFile(corpus, text.slice(0, 200_000));
  const out = join(folder, 'data');
  await prepareDataset({ corpus: openCorpus(`text:${corpus}`), tokenizer: getTokenizer('byte'), out, valFraction: 0.05, testFraction: 0.05 });
  return out;
}
