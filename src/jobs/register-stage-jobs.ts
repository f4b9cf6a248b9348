/**
 * @module Registers the stage job kinds (check, verify) with the node runtime's default registry.
 */
import { registerJobHandler } from '../nodes/index.js';
import { CHECK_JOB, checkJobHandler } from './check-job.js';
import { VERIFY_JOB, verifyJobHandler } from './verify-job.js';

let registered = false;

/** Registers the stage job kinds with the default registry (once per process). */
export function registerStageJobs(): void {
  if (registered) return;
  registerJobHandler(CHECK_JOB, checkJobHandler);
  registerJobHandler(VERIFY_JOB, verifyJobHandler);
  registered = true;
}
