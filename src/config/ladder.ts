/**
 * @module Ladders of scales: the sizes a design climbs, each with its parameter target, token
 * budget, training recipe and verification budget.
 */
import { z } from 'zod';

export const EVAL_TASKS = ['lambada_openai', 'hellaswag', 'piqa', 'arc_easy', 'arc_challenge', 'winogrande', 'blimp'] as const;

export const ScaleSchema = z.object({
  name: z.string().min(1).describe('Label, e.g. 14M or micro-1'),
  targetParams: z.number().int().positive().optional()
    .describe('Parameter target of the whole model (tied embedding counted once)'),
  reference: z.object({ dModel: z.number().int().positive(), nBlock: z.number().int().positive() }).optional()
    .describe('Alternatively: the target is the GPT seed\'s size at this width and depth with the ladder\'s vocabulary'),
  tokens: z.number().int().positive().optional().describe('Training tokens; default targetParams x tokenMultiplier'),
  tokenMultiplier: z.number().positive().default(20).describe('Training tokens per parameter when tokens is not given'),
  seqLen: z.number().int().positive(),
  batchTokens: z.number().int().positive().describe('Tokens per optimizer step'),
  learningRate: z.number().positive(),
  warmupFraction: z.number().min(0).max(0.5).default(0.02),
  depthPerWidth: z.number().positive().describe('Preferred n_block / d_model ratio for sizing'),
  widthMultiple: z.number().int().positive().default(32),
  budget: z.number().int().nonnegative().describe('Verifications an evolution may spend at this scale'),
  timeoutMinutes: z.number().positive().default(120),
  eval: z.object({
    maxHeldOutTokens: z.number().int().positive().default(1_000_000),
    maxItemsPerTask: z.number().int().positive().optional(),
    tasks: z.array(z.enum(EVAL_TASKS)).default([...EVAL_TASKS]),
  }).default({ maxHeldOutTokens: 1_000_000, tasks: [...EVAL_TASKS] }),
}).refine((scale) => scale.targetParams !== undefined || scale.reference !== undefined, {
  message: 'a scale needs targetParams or reference',
});
export type Scale = z.infer<typeof ScaleSchema>;

export const LadderSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  tokenizer: z.enum(['byte', 'gpt2']),
  corpus: z.string().default('brown').describe('Default corpus for `genesys data prepare`'),
  scales: z.array(ScaleSchema).min(1),
  stairStart: z.string().optional()
    .describe('Scales from this one up open only after every lower scale has spent its budget (the big runs come last)'),
});
export type Ladder = z.infer<typeof LadderSchema>;
