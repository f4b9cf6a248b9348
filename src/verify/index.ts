/**
 * @module Verification: size a design to a scale, train it, evaluate the trained weights.
 *
 * @example
 * const record = await verifyDesign({ design, reference, ladder, scale, dataset, workspace: '.genesys' });
 * if (record.status === 'ok') console.log(record.evaluation.heldOut.bitsPerByte);
 */
/** Run one verification (resumable); failures come back as records with a status and reason. */
export { verifyDesign, scaleBaseline, type VerifyOptions, type VerifyProgress, type DatasetInfo } from './run-verification.js';
/** The stored records and their schemas. */
export {
  VerificationRecordSchema, BaselineRecordSchema, SizingSchema, TrainingSummarySchema, EvaluationSchema,
  type VerificationRecord, type BaselineRecord, type Sizing, type TrainingSummary, type Evaluation,
} from './verification-record.js';
/** Where a workspace keeps runs, records and baselines. */
export { runDirectory, recordPath, baselinePath } from './workspace-files.js';
/** A ladder's dataset, checked, or prepared on first use. */
export { ensureDataset, type EnsureDatasetOptions } from './ensure-dataset.js';
/** A content hash of what a design computes. */
export { designHash } from './design-hash.js';
