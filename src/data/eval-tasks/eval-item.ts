/**
 * @module Evaluation items: the task files of data/eval (source) and their tokenized form (docs/verification.md).
 */
import { z } from 'zod';

/** arc_easy, arc_challenge, hellaswag, piqa, lambada_openai: score log p(" " + choice | context). */
export const MultipleChoiceSourceSchema = z.object({
  id: z.string(),
  context: z.string(),
  choices: z.array(z.string()).min(1),
  gold: z.number().int().nonnegative(),
});

/** winogrande (partial scoring): score log p(" " + continuation | choice). */
export const PartialSourceSchema = z.object({
  id: z.string(),
  context: z.null(),
  choices: z.array(z.string()).min(2),
  continuation: z.string(),
  gold: z.number().int().nonnegative(),
});

/** blimp: the good sentence should be likelier than the bad one, each after an empty context. */
export const BlimpSourceSchema = z.object({
  id: z.string(),
  sentence_good: z.string().min(1),
  sentence_bad: z.string().min(1),
});

/** How each known task file is read and scored. */
export const EVAL_TASK_FORMATS = {
  arc_easy: 'multiple_choice',
  arc_challenge: 'multiple_choice',
  hellaswag: 'multiple_choice',
  piqa: 'multiple_choice',
  lambada_openai: 'cloze',
  winogrande: 'partial',
  blimp: 'pair',
} as const;
export type EvalTaskName = keyof typeof EVAL_TASK_FORMATS;
export const EVAL_TASK_NAMES = Object.keys(EVAL_TASK_FORMATS) as EvalTaskName[];

export const EvalOptionSchema = z.object({
  context: z.array(z.number().int().nonnegative()).min(1).describe('token ids; [EOS] for an empty context'),
  continuation: z.array(z.number().int().nonnegative()).min(1).describe('token ids of the scored text, delimiter included'),
  bytes: z.number().int().nonnegative().describe('UTF-8 bytes of the continuation text without its leading delimiter, for acc_norm'),
});

export const EvalItemSchema = z.object({
  id: z.string(),
  task: z.string(),
  kind: z.enum(['choice', 'pair', 'cloze']).describe('choice: argmax = gold; pair: option 0 good, 1 bad; cloze: one option, also greedy match'),
  gold: z.number().int().nonnegative(),
  options: z.array(EvalOptionSchema).min(1),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;
