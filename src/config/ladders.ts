/**
 * @module The ladder presets: `paper` (the scales of arXiv 2506.20249) and `cpu-micro` (the
 * whole loop on a laptop or in CI: a verification takes about a minute on two CPU cores).
 */
import { InputError } from '../core/errors.js';
import { LadderSchema, type Ladder, type Scale } from './ladder.js';

// The paper's scales: the GPT reference's width and depth at each label, 2048-token context,
// 0.5M-token batches, token multipliers 50/40/30/20/20, budgets 256/64/16/4/1.
const PAPER = LadderSchema.parse({
  name: 'paper',
  description: 'The five scales of the Genesys paper (GPU machines)',
  tokenizer: 'gpt2',
  corpus: 'brown',
  stairStart: '350M',
  scales: [
    { name: '14M', reference: { dModel: 128, nBlock: 6 }, tokenMultiplier: 50, learningRate: 1e-3, budget: 256, depthPerWidth: 6 / 128 },
    { name: '31M', reference: { dModel: 256, nBlock: 6 }, tokenMultiplier: 40, learningRate: 1e-3, budget: 64, depthPerWidth: 6 / 256 },
    { name: '70M', reference: { dModel: 512, nBlock: 6 }, tokenMultiplier: 30, learningRate: 1e-3, budget: 16, depthPerWidth: 6 / 512 },
    { name: '125M', reference: { dModel: 768, nBlock: 12 }, tokenMultiplier: 20, learningRate: 6e-4, budget: 4, depthPerWidth: 12 / 768 },
    { name: '350M', reference: { dModel: 1024, nBlock: 24 }, tokenMultiplier: 20, learningRate: 3e-4, budget: 1, depthPerWidth: 24 / 1024 },
  ].map((scale) => ({ ...scale, seqLen: 2048, batchTokens: 524_288, widthMultiple: 64, timeoutMinutes: 24 * 60 })),
});

// Byte-level scales small enough for two CPU cores: the smallest verification in about a
// minute, the largest in a few (see `npm run bench`).
const CPU_MICRO = LadderSchema.parse({
  name: 'cpu-micro',
  description: 'Byte-level micro scales for CPU: the whole loop on a laptop and in CI',
  tokenizer: 'byte',
  corpus: 'brown',
  scales: [
    { name: 'micro-1', targetParams: 120_000, tokens: 400_000, learningRate: 3e-3, budget: 16, depthPerWidth: 2 / 64 },
    { name: 'micro-2', targetParams: 300_000, tokens: 600_000, learningRate: 2e-3, budget: 4, depthPerWidth: 2 / 96 },
    { name: 'micro-3', targetParams: 700_000, tokens: 800_000, learningRate: 2e-3, budget: 1, depthPerWidth: 3 / 128 },
  ].map((scale) => ({
    ...scale,
    seqLen: 128,
    batchTokens: 2048,
    warmupFraction: 0.05,
    timeoutMinutes: 30,
    eval: { maxHeldOutTokens: 60_000, maxItemsPerTask: 200, tasks: ['lambada_openai', 'hellaswag', 'piqa', 'arc_easy', 'blimp'] },
  })),
});

export const LADDERS: Record<string, Ladder> = { paper: PAPER, 'cpu-micro': CPU_MICRO };

/** A preset ladder by name (clear error naming the presets otherwise). */
export function getLadder(name: string): Ladder {
  const ladder = LADDERS[name];
  if (!ladder) throw new InputError(`unknown ladder ${name}`, { hint: `presets: ${Object.keys(LADDERS).join(', ')}` });
  return ladder;
}

/** A scale of a ladder by name. */
export function getScale(ladder: Ladder, name: string): Scale {
  const scale = ladder.scales.find((candidate) => candidate.name === name);
  if (!scale) throw new InputError(`ladder ${ladder.name} has no scale ${name}`, { hint: `scales: ${ladder.scales.map((s) => s.name).join(', ')}` });
  return scale;
}

const VOCAB_SIZES: Record<Ladder['tokenizer'], number> = { byte: 256, gpt2: 50_257 };

/**
 * About how many parameters a design at this scale has, before sizing measures it: the target, or
 * the GPT reference's blocks (12·d²·n) plus its tied embedding. For estimates: ETA, disk space.
 */
export function approximateParams(ladder: Ladder, scale: Scale): number {
  if (scale.targetParams !== undefined) return scale.targetParams;
  const { dModel, nBlock } = scale.reference!;
  return 12 * dModel * dModel * nBlock + VOCAB_SIZES[ladder.tokenizer] * dModel;
}

/** Training tokens of a scale for a model of `params` parameters. */
export function trainingTokens(scale: Scale, params: number): number {
  return scale.tokens ?? Math.round(params * scale.tokenMultiplier);
}
