/**
 * @module One verification, end to end: size the design to the scale, train it, evaluate the
 * trained weights, compare with the scale's untrained baseline, and store the record.
 *
 * Resumable: each finished stage is saved in the run directory, and training resumes from its
 * last checkpoint, so a run stopped by Ctrl-C, a kill or a crash continues where it was.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { trainingTokens, type Ladder, type Scale } from '../config/index.js';
import type { Design } from '../core/design.js';
import { designHash } from './design-hash.js';
import { sharedInFlight } from './in-flight.js';
import { countParams, evaluateDesign, sizeDesign, StageFailure, trainDesign, type OpContext } from './python-ops.js';
import {
  BaselineRecordSchema, SizingSchema, TrainingSummarySchema,
  VerificationRecordSchema, type BaselineRecord, type Sizing, type VerificationRecord,
} from './verification-record.js';
import { baselinePath, readJsonIfPresent, recordPath, runDirectory, writeJsonAtomic } from './workspace-files.js';

export interface VerifyProgress {
  stage: 'size' | 'train' | 'evaluate' | 'baseline';
  step?: number;
  totalSteps?: number;
  loss?: number;
  tokensPerSecond?: number;
  etaSeconds?: number;
}

export interface DatasetInfo {
  dir: string;
  tokenizer: string;
  vocabSize: number;
}

export interface VerifyOptions {
  design: Design;
  /** The GPT seed: the yardstick for `reference` scale targets and the untrained baseline. */
  reference: Design;
  ladder: Ladder;
  scale: Scale;
  dataset: DatasetInfo;
  workspace: string;
  /** Start over even when a record or a run in progress exists. */
  force?: boolean;
  device?: string;
  memoryMb?: number;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
}

// A stopped run loses at most this fraction of its steps (checkpoints cost a few ms at micro scales).
const CHECKPOINTS_PER_RUN = 20;

// Omit distributed over the union, so each status keeps its own fields.
type Unfinished = VerificationRecord extends infer R ? (R extends unknown ? Omit<R, 'finishedAt' | 'wallSeconds'> : never) : never;

const StageStateSchema = z.object({
  designHash: z.string(),
  sizing: SizingSchema.optional(),
  training: TrainingSummarySchema.optional(),
});
type StageState = z.infer<typeof StageStateSchema>;

/** Verifies a design at one scale; failures come back as records with a status and a reason. */
export async function verifyDesign(options: VerifyOptions): Promise<VerificationRecord> {
  const { design, scale, ladder, workspace } = options;
  const hash = designHash(design);
  const finalPath = recordPath(workspace, design.name, scale.name);
  const existing = VerificationRecordSchema.safeParse(await readJsonIfPresent(finalPath));
  // Deterministic outcomes are final; a crash, timeout or kill is retried (resuming the run).
  if (!options.force && existing.success && existing.data.designHash === hash && existing.data.ladder === ladder.name
    && ['ok', 'invalid', 'diverged'].includes(existing.data.status)) {
    return existing.data;
  }
  const runDir = runDirectory(workspace, design.name, scale.name);
  const statePath = join(runDir, 'state.json');
  const saved = StageStateSchema.safeParse(await readJsonIfPresent(statePath));
  let state: StageState = { designHash: hash };
  if (!options.force && saved.success && saved.data.designHash === hash) state = saved.data;
  else await rm(runDir, { recursive: true, force: true }); // another version of the design: start over
  const context: OpContext = { timeoutMs: scale.timeoutMinutes * 60_000, memoryMb: options.memoryMb ?? 16_384, signal: options.signal };
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const dataset = { dir: options.dataset.dir, tokenizer: options.dataset.tokenizer };
  const base = { format: 'genesys-ts/verification@1' as const, design: design.name, designHash: hash, ladder: ladder.name, scale: scale.name, dataset, startedAt };
  const finish = async (record: Unfinished): Promise<VerificationRecord> => {
    const full = VerificationRecordSchema.parse({ ...record, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - started) / 1000 });
    await writeJsonAtomic(finalPath, full);
    return full;
  };

  try {
    if (!state.sizing) {
      options.onProgress?.({ stage: 'size' });
      state.sizing = await sizeFor(design, options, context);
      await writeJsonAtomic(statePath, state);
    }
    const sizing = state.sizing;
    if (!sizing.withinTolerance) {
      return await finish({ ...base, status: 'invalid', reason: `no (d_model, n_block) puts the model within ±20% of ${sizing.targetParams.toLocaleString('en-US')} parameters (closest: ${sizing.params.toLocaleString('en-US')})`, sizing, training: null });
    }
    const model = { dModel: sizing.dModel, nBlock: sizing.nBlock, vocabSize: options.dataset.vocabSize };
    if (!state.training) {
      options.onProgress?.({ stage: 'train' });
      const batchSize = Math.max(1, Math.round(scale.batchTokens / scale.seqLen));
      const totalTokens = trainingTokens(scale, sizing.params);
      const totalSteps = Math.ceil(totalTokens / (batchSize * scale.seqLen));
      state.training = await trainDesign({
        design, model, data: { dir: options.dataset.dir }, runDir,
        train: {
          seqLen: scale.seqLen,
          batchSize,
          totalTokens,
          checkpointEvery: Math.max(1, Math.round(totalSteps / CHECKPOINTS_PER_RUN)),
          lr: scale.learningRate,
          warmupFraction: scale.warmupFraction,
          device: options.device ?? 'auto',
        },
      }, context, (data) => options.onProgress?.({ stage: 'train', ...pickProgress(data) }));
      await writeJsonAtomic(statePath, state);
    }
    const training = state.training;
    if (training.status === 'diverged') {
      return await finish({ ...base, status: 'diverged', reason: training.reason ?? 'training diverged', sizing, training });
    }
    options.onProgress?.({ stage: 'evaluate' });
    const evaluation = await evaluateDesign({
      design, model, data: { dir: options.dataset.dir }, checkpoint: training.checkpoint ?? join(runDir, 'checkpoint.pt'),
      tasks: scale.eval.tasks, maxHeldOutTokens: scale.eval.maxHeldOutTokens, maxItemsPerTask: scale.eval.maxItemsPerTask,
    }, context);
    const record = await finish({ ...base, status: 'ok', sizing, training, evaluation });
    await rm(join(runDir, 'state.json'), { force: true });
    return record;
  } catch (error) {
    // A caller's abort (Ctrl-C) is no verdict: the run stays resumable and nothing is recorded.
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (error instanceof StageFailure) {
      return finish({ ...base, status: error.status, reason: error.message, sizing: state.sizing ?? null, training: state.training ?? null });
    }
    throw error;
  }
}

async function targetFor(scale: Scale, reference: Design, vocabSize: number, context: OpContext): Promise<number> {
  if (scale.targetParams !== undefined) return scale.targetParams;
  const { dModel, nBlock } = scale.reference!;
  return (await countParams({ design: reference, dModel, nBlock, vocabSize }, context)).params;
}

async function sizeFor(design: Design, options: VerifyOptions, context: OpContext): Promise<Sizing> {
  const targetParams = await targetFor(options.scale, options.reference, options.dataset.vocabSize, context);
  const result = await sizeDesign({
    design, targetParams, vocabSize: options.dataset.vocabSize,
    depthPerWidth: options.scale.depthPerWidth, widthMultiple: options.scale.widthMultiple,
  }, context);
  return { dModel: result.dModel, nBlock: result.nBlock, params: result.params, targetParams, withinTolerance: result.withinTolerance };
}

function pickProgress(data: Record<string, unknown>): Omit<VerifyProgress, 'stage'> {
  const number = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
  return { step: number('step'), totalSteps: number('totalSteps'), loss: number('loss'), tokensPerSecond: number('tokensPerSecond'), etaSeconds: number('etaSeconds') };
}

const baselinesInFlight = sharedInFlight<BaselineRecord>();

/** The scale's untrained baseline (the reference design, sized to the scale, at initialisation); computed once per workspace. */
export function scaleBaseline(options: Omit<VerifyOptions, 'design' | 'force'>): Promise<BaselineRecord> {
  const path = baselinePath(options.workspace, options.ladder.name, options.scale.name);
  return baselinesInFlight(path, () => computeBaseline(path, options));
}

async function computeBaseline(path: string, options: Omit<VerifyOptions, 'design' | 'force'>): Promise<BaselineRecord> {
  const existing = BaselineRecordSchema.safeParse(await readJsonIfPresent(path));
  if (existing.success && existing.data.dataset.dir === options.dataset.dir) return existing.data;
  const context: OpContext = { timeoutMs: options.scale.timeoutMinutes * 60_000, memoryMb: options.memoryMb ?? 16_384, signal: options.signal };
  options.onProgress?.({ stage: 'baseline' });
  const sizing = await sizeFor(options.reference, { ...options, design: options.reference }, context);
  const evaluation = await evaluateDesign({
    design: options.reference,
    model: { dModel: sizing.dModel, nBlock: sizing.nBlock, vocabSize: options.dataset.vocabSize },
    data: { dir: options.dataset.dir },
    random: true,
    maxLength: options.scale.seqLen, // the window the trained models see
    tasks: options.scale.eval.tasks,
    maxHeldOutTokens: options.scale.eval.maxHeldOutTokens,
    maxItemsPerTask: options.scale.eval.maxItemsPerTask,
  }, context);
  const record = BaselineRecordSchema.parse({
    format: 'genesys-ts/baseline@1', ladder: options.ladder.name, scale: options.scale.name,
    dataset: { dir: options.dataset.dir, tokenizer: options.dataset.tokenizer }, sizing, evaluation, createdAt: new Date().toISOString(),
  });
  await writeJsonAtomic(path, record);
  return record;
}
