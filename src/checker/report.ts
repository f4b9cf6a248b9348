/**
 * @module The checker's report: the JSON the Python checker returns, parsed at the boundary.
 */
import { z } from 'zod';

export const FrameSchema = z.object({
  file: z.string(),
  line: z.number().nullable(),
  function: z.string(),
  source: z.string(),
  unit: z.string().nullable(),
});

export const CheckIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  unit: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().nullable(),
  source: z.string().nullable(),
  traceback: z.array(FrameSchema).default([]),
});
export type CheckIssue = z.infer<typeof CheckIssueSchema>;

export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);

export const CheckResultSchema = z.object({
  name: z.string(),
  status: CheckStatusSchema,
  summary: z.string(),
  issues: z.array(CheckIssueSchema),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const ParameterCountSchema = z.object({
  total: z.number(),
  embedding: z.number(),
  nonEmbedding: z.number(),
  perUnit: z.record(z.string(), z.number()),
});

export const CheckReportSchema = z.object({
  design: z.string().nullable(),
  passed: z.boolean(),
  durationS: z.number().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  environment: z.record(z.string(), z.unknown()).default({}),
  checks: z.array(CheckResultSchema),
  units: z.record(z.string(), z.unknown()).default({}),
  parameters: ParameterCountSchema.nullable().default(null),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

/** Options of the functional checker (mirrors `CheckOptions` in python/genesys_rt/checker.py). */
export const CheckOptionsSchema = z.object({
  d_model: z.number().int().positive().optional().describe('Width of the micro model the functional checks build (default 128)'),
  n_block: z.number().int().positive().optional().describe('Blocks of that micro model (default 2)'),
  vocab_size: z.number().int().positive().optional().describe('Vocabulary of the micro model (default 256)'),
  batch_size: z.number().int().positive().optional().describe('Batch of the mock inputs (default 2)'),
  seq_len: z.number().int().min(4).optional().describe('Sequence length of the mock inputs (default 128)'),
  causality_positions: z.number().int().positive().optional().describe('Positions perturbed by the causality check (default 4)'),
  train_steps: z.number().int().min(2).optional().describe('AdamW steps of the training check, which must lower the loss (default 10)'),
  learning_rate: z.number().positive().optional().describe('Learning rate of the training check (default 0.003)'),
  seed: z.number().int().optional().describe('Seed of the mock data and initialisation (default 0)'),
  device: z.string().optional().describe('auto (CUDA when available), cpu or cuda (default auto)'),
  run_unit_tests: z.boolean().optional().describe('Run the units\' @gau_test functions (default true)'),
  unit_tests_required: z.boolean().optional().describe('A failing unit test fails the check (default: yes, unless the contract is lenient)'),
  reference: z.string().nullable().optional().describe('Design folder whose speed and memory are the yardstick (default the GPT seed; null: none)'),
  time_ratio_warn: z.number().positive().optional().describe('Warn when forward+backward is this many times slower than the reference (default 3)'),
  time_ratio_error: z.number().positive().optional().describe('Fail when it is this many times slower (default 20)'),
  memory_ratio_warn: z.number().positive().optional().describe('Warn when memory is this many times the reference\'s (default 2)'),
  memory_ratio_error: z.number().positive().optional().describe('Fail when memory is this many times the reference\'s (default 8)'),
  timing_repeats: z.number().int().positive().optional().describe('Interleaved timing runs; the fastest counts (default 7)'),
  contract: z.enum(['auto', 'strict', 'lenient']).optional().describe('Z rule and unit-test strictness: lenient for designs imported from the original, strict for ours; auto picks by origin (default auto)'),
});
export type CheckOptions = z.infer<typeof CheckOptionsSchema>;
