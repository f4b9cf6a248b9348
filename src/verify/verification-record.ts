/**
 * @module The stored result of one verification (a design at one scale): a discriminated union
 * on `status`, so a failure keeps its reason and never looks like a score.
 */
import { z } from 'zod';

export const SizingSchema = z.object({
  dModel: z.number().int(),
  nBlock: z.number().int(),
  params: z.number().int(),
  targetParams: z.number().int(),
  withinTolerance: z.boolean(),
});
export type Sizing = z.infer<typeof SizingSchema>;

export const TrainingSummarySchema = z.object({
  status: z.enum(['completed', 'diverged']),
  reason: z.string().nullable().optional(),
  steps: z.number().int(),
  tokens: z.number(),
  finalLoss: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  wallSeconds: z.number(),
  peakMemoryBytes: z.number().nullable().optional(),
  curve: z.array(z.tuple([z.number(), z.number()])).default([]),
  device: z.string().optional(),
  precision: z.string().optional(),
  checkpoint: z.string().optional(),
}).passthrough();
export type TrainingSummary = z.infer<typeof TrainingSummarySchema>;

export const EvaluationSchema = z.object({
  results: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  heldOut: z.object({ loss: z.number(), bitsPerByte: z.number(), tokens: z.number() }),
  wallSeconds: z.number().optional(),
}).passthrough();
export type Evaluation = z.infer<typeof EvaluationSchema>;

const common = {
  format: z.literal('genesys-ts/verification@1'),
  design: z.string(),
  designHash: z.string(),
  ladder: z.string(),
  scale: z.string(),
  dataset: z.object({ dir: z.string(), tokenizer: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  wallSeconds: z.number(),
  sizing: SizingSchema.nullable(),
  training: TrainingSummarySchema.nullable(),
};

export const VerificationRecordSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), ...common, evaluation: EvaluationSchema }),
  z.object({
    status: z.enum(['invalid', 'diverged', 'failed', 'timeout', 'killed']),
    reason: z.string(),
    ...common,
  }),
]);
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;

/** The untrained baseline of a scale: the GPT seed at the scale's size, evaluated with the same harness. */
export const BaselineRecordSchema = z.object({
  format: z.literal('genesys-ts/baseline@1'),
  ladder: z.string(),
  scale: z.string(),
  dataset: z.object({ dir: z.string(), tokenizer: z.string() }),
  sizing: SizingSchema,
  evaluation: EvaluationSchema,
  createdAt: z.string(),
});
export type BaselineRecord = z.infer<typeof BaselineRecordSchema>;
