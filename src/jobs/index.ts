/**
 * @module The job kinds of the stages (check, verify), registered with the node runtime so
 * `genesys node` and the commands' in-process workers run them.
 */
/** Registers check and verify with the node runtime (once per process). */
export { registerStageJobs, stageJobRegistry } from './register-stage-jobs.js';
/** Enqueue jobs and run them here or wait for nodes. */
export { runQueued, type RunQueuedOptions } from './run-queued.js';
/** Job kind names and payload schemas. */
export { DESIGN_JOB, DesignJobPayloadSchema, designJobHandler, designSessionKey, type DesignJobPayload } from './design-job.js';
export { CHECK_JOB, CheckJobPayloadSchema, type CheckJobPayload } from './check-job.js';
export { VERIFY_JOB, VerifyJobPayloadSchema, verifyJobProgress, type VerifyJobPayload, type VerifyJobResult, type StoredArtifact } from './verify-job.js';
/** The synthetic stand-in for training (`verify.mode: synthetic`). */
export { syntheticBpb } from './synthetic-verify.js';
