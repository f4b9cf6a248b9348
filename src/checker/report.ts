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
  d_model: z.number().int().positive().optional(),
  n_block: z.number().int().positive().optional(),
  vocab_size: z.number().int().positive().optional(),
  batch_size: z.number().int().positive().optional(),
  seq_len: z.number().int().min(4).optional(),
  causality_positions: z.number().int().positive().optional(),
  train_steps: z.number().int().min(2).optional(),
  learning_rate: z.number().positive().optional(),
  seed: z.number().int().optional(),
  device: z.string().optional(),
  run_unit_tests: z.boolean().optional(),
  unit_tests_required: z.boolean().optional(),
  reference: z.string().nullable().optional(),
  time_ratio_warn: z.number().positive().optional(),
  time_ratio_error: z.number().positive().optional(),
  memory_ratio_warn: z.number().positive().optional(),
  memory_ratio_error: z.number().positive().optional(),
  timing_repeats: z.number().int().positive().optional(),
  contract: z.enum(['auto', 'strict', 'lenient']).optional(),
});
export type CheckOptions = z.infer<typeof CheckOptionsSchema>;
