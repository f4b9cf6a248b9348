/**
 * @module The verification's sandboxed Python ops (size, count_params, train, evaluate), with
 * their results parsed at the boundary and sandbox failures turned into typed errors.
 */
import { z } from 'zod';
import type { Design } from '../core/design.js';
import { GenesysError } from '../core/errors.js';
import { HAS_NVIDIA_GPU, runSandboxed, type SandboxResult } from '../runtime/index.js';
import { EvaluationSchema, TrainingSummarySchema } from './verification-record.js';

/** A stage whose sandbox did not answer with a result: the status to record and why. */
export class StageFailure extends GenesysError {
  readonly status: 'failed' | 'timeout' | 'killed';

  constructor(stage: string, outcome: Exclude<SandboxResult, { status: 'ok' }>) {
    const tail = outcome.stderrTail.trim().split('\n').slice(-3).join(' | ');
    const detail = {
      error: outcome.status === 'error' ? `${outcome.error.code}: ${outcome.error.message}` : '',
      timeout: outcome.status === 'timeout' ? `stopped after ${Math.round(outcome.timeoutMs / 1000)} s` : '',
      killed: outcome.status === 'killed' ? `killed (${outcome.reason}, peak ${Math.round(outcome.peakRssMb)} MB)` : '',
      crashed: outcome.status === 'crashed' ? `the worker died (exit ${outcome.exitCode ?? '-'}, signal ${outcome.signal ?? '-'}): ${tail}` : '',
    }[outcome.status];
    super(`verify_${stage}_${outcome.status}`, `${stage}: ${detail}`);
    this.status = outcome.status === 'timeout' ? 'timeout' : outcome.status === 'killed' ? 'killed' : 'failed';
  }
}

export interface OpContext {
  timeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
}

// CUDA reserves far more address space than it uses, so the sandbox must skip RLIMIT_AS there.

async function call<T>(stage: string, op: string, args: Record<string, unknown>, schema: z.ZodType<T>, context: OpContext,
  onProgress?: (data: Record<string, unknown>) => void): Promise<T> {
  const outcome = await runSandboxed({
    op,
    args,
    limits: { timeoutMs: context.timeoutMs, memoryMb: context.memoryMb, gpu: HAS_NVIDIA_GPU },
    signal: context.signal,
    onProgress,
  });
  if (outcome.status !== 'ok') throw new StageFailure(stage, outcome);
  return schema.parse(outcome.data);
}

const SizeResultSchema = z.object({
  dModel: z.number().int(),
  nBlock: z.number().int(),
  params: z.number().int(),
  withinTolerance: z.boolean(),
}).passthrough();

export function sizeDesign(args: { design: Design; targetParams: number; vocabSize: number; depthPerWidth: number; widthMultiple: number },
  context: OpContext) {
  return call('size', 'size', { ...args, tolerance: 0.2 }, SizeResultSchema, context);
}

export function countParams(args: { design: Design; dModel: number; nBlock: number; vocabSize: number }, context: OpContext) {
  return call('size', 'count_params', args, z.object({ params: z.number().int() }), context);
}

export interface ModelConfig {
  dModel: number;
  nBlock: number;
  vocabSize: number;
}

export function trainDesign(args: { design: Design; model: ModelConfig; data: { dir: string }; train: Record<string, unknown>; runDir: string },
  context: OpContext, onProgress: (data: Record<string, unknown>) => void) {
  return call('train', 'train', args, TrainingSummarySchema, context, onProgress);
}

export function evaluateDesign(args: {
  design: Design; model: ModelConfig; data: { dir: string }; checkpoint?: string; random?: boolean;
  tasks: string[]; maxHeldOutTokens: number; maxItemsPerTask?: number; maxLength?: number;
}, context: OpContext, onProgress?: (data: Record<string, unknown>) => void) {
  return call('evaluate', 'evaluate', args, EvaluationSchema, context, onProgress);
}
