/**
 * @module Nodes: processes that pull jobs from the store and run them through a registry of job
 * handlers. `genesys node` runs one per machine; tests and single-machine commands run one in-process.
 *
 * @example
 * registerJobHandler('check', { roles: ['design'], payload: CheckPayloadSchema, run: runCheckJob });
 * const node = await startNode({ db: store.db, role: 'all' });
 * node.stop('drain');
 * await node.done;
 */
export { startNode, defaultNodeId, type StartNodeOptions, type RunningNode, type NodeExit } from './node-runtime.js';
export { createJobRegistry, PermanentJobError, type JobRegistry, type JobHandler, type JobContext, type WorkerRole } from './job-registry.js';
export { defaultJobRegistry, registerJobHandler } from './default-registry.js';
export { registerBuiltInJobs } from './built-in-jobs.js';
export { runWorkerLoop, type WorkerLoopOptions } from './worker-loop.js';
export { runJob, type JobEnd } from './run-job.js';
export { runJobsUntilIdle } from './run-until-idle.js';
export { collectHardware, parseNvidiaSmi } from './hardware.js';
