/**
 * @module The job queue: enqueue, claim (SKIP LOCKED, DB-clock leases), renew, release, complete
 * exactly once (lease-token fenced), fail with bounded retries, cancel, and take back expired leases.
 */
export * from './job-rows.js';
export { enqueueJob, type EnqueueJobOptions } from './enqueue-job.js';
export { claimJob, type ClaimJobOptions } from './claim-job.js';
export { heartbeatJob, releaseJob } from './job-lease.js';
export { completeJob, failJob, cancelJob, type CompleteJobOptions, type FailJobOptions, type CompleteOutcome, type FailOutcome } from './finish-job.js';
export { reapExpiredLeases, requeueNodeJobs, type EndedLease } from './end-leases.js';
export { getJob, listJobs, countJobs, listJobAttempts, waitForJob } from './job-queries.js';
