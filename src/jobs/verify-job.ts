/**
 * @module The `verify` job: one design of the store at one scale, run by verify nodes (or the
 * in-process worker of `genesys verify`). The record is written to the store in the same
 * transaction that completes the job, so a verification is stored exactly once.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { getLadder, getScale, LadderSchema } from '../config/index.js';
import { readDesignFolder } from '../core/design-folder.js';
import { DesignSchema } from '../core/design.js';
import type { JobHandler } from '../nodes/index.js';
import { packageRoot } from '../runtime/index.js';
import { getDesign, upsertBaseline, upsertVerification, type Db } from '../store/index.js';
import { ensureDataset, scaleBaseline, verifyDesign, type BaselineRecord, type VerificationRecord, type VerifyProgress } from '../verify/index.js';

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
});
export type VerifyJobPayload = z.infer<typeof VerifyJobPayloadSchema>;

export interface VerifyJobResult {
  record: VerificationRecord;
  baseline: BaselineRecord | null;
}

/** Progress of verify jobs run in this process, for a command that shows a bar: (jobId, progress, label). */
export const verifyJobProgress = new EventEmitter<{ progress: [number, VerifyProgress, string] }>();

export const verifyJobHandler: JobHandler<VerifyJobPayload, VerifyJobResult> = {
  roles: ['verify'],
  payload: VerifyJobPayloadSchema,
  async run(payload, context) {
    const row = await getDesign(context.db, { id: payload.designId });
    if (!row) throw new Error(`design ${payload.designId} is not in the store`);
    const design = DesignSchema.parse(row.design);
    const ladder = typeof payload.ladder === 'string' ? getLadder(payload.ladder) : payload.ladder;
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
  },
  effects: (tx, result, context) => storeVerifyResult(tx, context.job.payload as VerifyJobPayload, result),
};

/** The writes of a finished verify job (committed with its completion): the record, and the scale's baseline. */
export async function storeVerifyResult(tx: Db, payload: VerifyJobPayload, result: VerifyJobResult): Promise<void> {
  await upsertVerification(tx, { designId: payload.designId, record: result.record });
  if (result.baseline) await upsertBaseline(tx, result.baseline);
}
