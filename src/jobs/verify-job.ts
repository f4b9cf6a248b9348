/**
 * @module The `verify` job: one design of the store at one scale, run by verify nodes (or the
 * in-process worker of `genesys verify`). The record is written to the store in the same
 * transaction that completes the job, so a verification is stored exactly once.
 *
 * What a node produces must be findable by the others: the record and the trained weights go to
 * the artifact folder (shared by every node through GENESYS_ARTIFACTS), and their hashes to the
 * verification's row, while the node's workspace keeps only its own run folders.
 */
import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { getLadder, getScale, LadderSchema } from '../config/index.js';
import { readDesignFolder } from '../core/design-folder.js';
import { DesignSchema } from '../core/design.js';
import type { JobContext, JobHandler } from '../nodes/index.js';
import { packageRoot } from '../runtime/index.js';
import { getDesign, putArtifact, putArtifactFile, registerArtifact, upsertBaseline, upsertVerification, type ArtifactRef, type Db } from '../store/index.js';
import { ensureDataset, scaleBaseline, verifyDesign, type BaselineRecord, type VerificationRecord, type VerifyProgress } from '../verify/index.js';
import { syntheticVerification } from './synthetic-verify.js';

export const VERIFY_JOB = 'verify';

export const VerifyJobPayloadSchema = z.object({
  designId: z.string(),
  /** A preset's name, or a whole ladder (custom scales). */
  ladder: z.union([z.string(), LadderSchema]),
  scale: z.string(),
  /** A prepared dataset folder the node can read; default: the ladder's corpus in the node's workspace. */
  dataDir: z.string().optional(),
  device: z.string().default('auto'),
  force: z.boolean().default(false),
  baseline: z.boolean().default(true),
  /** Present: the synthetic stand-in instead of training (an evolution with `verify.mode: synthetic`). */
  synthetic: z.object({ delayMs: z.number().int().nonnegative().default(0) }).optional(),
});
export type VerifyJobPayload = z.infer<typeof VerifyJobPayloadSchema>;

/** A file the job put into the artifact folder. */
export interface StoredArtifact {
  sha256: string;
  bytes: number;
  mediaType: string;
}

export interface VerifyJobResult {
  record: VerificationRecord;
  baseline: BaselineRecord | null;
  /** `record` (the record as JSON) and, for an `ok` training run, `checkpoint` (its final checkpoint file). */
  artifacts: Record<string, StoredArtifact>;
}

/** Progress of verify jobs run in this process, for a command that shows a bar: (jobId, progress, label). */
export const verifyJobProgress = new EventEmitter<{ progress: [number, VerifyProgress, string] }>();

async function verify(payload: VerifyJobPayload, context: JobContext): Promise<Omit<VerifyJobResult, 'artifacts'>> {
  const row = await getDesign(context.db, { id: payload.designId });
  if (!row) throw new Error(`design ${payload.designId} is not in the store`);
  const design = DesignSchema.parse(row.design);
  const ladder = typeof payload.ladder === 'string' ? getLadder(payload.ladder) : payload.ladder;
  if (payload.synthetic) return syntheticVerification({ design, ladder, scale: payload.scale, delayMs: payload.synthetic.delayMs, signal: context.signal });
  const scale = getScale(ladder, payload.scale);
  const { workspace } = context;
  const reference = await readDesignFolder(join(packageRoot, 'library', 'gpt'));
  const dataset = await ensureDataset({ ladder, workspace, dataDir: payload.dataDir, onStatus: context.log });
  const label = `${design.name} @ ${scale.name}`;
  const onProgress = (progress: VerifyProgress) => verifyJobProgress.emit('progress', context.job.id, progress, label);
  const common = { reference, ladder, scale, dataset, workspace, device: payload.device, signal: context.signal, onProgress };
  const baseline = payload.baseline ? await scaleBaseline(common) : undefined;
  const record = await verifyDesign({ ...common, design, force: payload.force });
  return { record, baseline: baseline ?? null };
}

const described = (ref: ArtifactRef, mediaType: string): StoredArtifact => ({ sha256: ref.sha256, bytes: ref.bytes, mediaType });

/** Copies the record, and the trained weights of an `ok` run, into the artifact folder. */
async function storeArtifacts(record: VerificationRecord, context: JobContext): Promise<Record<string, StoredArtifact>> {
  const root = context.artifacts;
  const artifacts: Record<string, StoredArtifact> = {
    record: described(await putArtifact({ root, data: `${JSON.stringify(record, null, 2)}\n` }), 'application/json'),
  };
  const checkpoint = record.status === 'ok' ? record.training?.checkpoint : undefined;
  if (checkpoint) {
    // A record reused from an earlier run may outlive its run folder (deleted by hand): the record still counts.
    if (await stat(checkpoint).then(() => true, () => false)) {
      artifacts.checkpoint = described(await putArtifactFile({ root, file: checkpoint }), 'application/octet-stream');
    } else {
      context.log(`${record.design} @ ${record.scale}: the checkpoint ${checkpoint} is gone; storing the record only`);
    }
  }
  return artifacts;
}

export const verifyJobHandler: JobHandler<VerifyJobPayload, VerifyJobResult> = {
  roles: ['verify'],
  payload: VerifyJobPayloadSchema,
  async run(payload, context) {
    const result = await verify(payload, context);
    return { ...result, artifacts: await storeArtifacts(result.record, context) };
  },
  effects: (tx, result, context) => storeVerifyResult(tx, context.job.payload as VerifyJobPayload, result),
};

/** The writes of a finished verify job (committed with its completion): the record with its artifacts, and the scale's baseline. */
async function storeVerifyResult(tx: Db, payload: VerifyJobPayload, result: VerifyJobResult): Promise<void> {
  for (const artifact of Object.values(result.artifacts)) await registerArtifact(tx, artifact);
  const artifacts = Object.fromEntries(Object.entries(result.artifacts).map(([name, artifact]) => [name, artifact.sha256]));
  await upsertVerification(tx, { designId: payload.designId, record: result.record, artifacts });
  if (result.baseline) await upsertBaseline(tx, result.baseline);
}
