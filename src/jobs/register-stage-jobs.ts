/**
 * @module The stage job kinds (check, design, verify): registered with the node runtime's default
 * registry for `genesys node`, or gathered in a registry of their own for a command that runs its
 * workers in-process (without the built-in test kinds).
 */
import { createJobRegistry, registerJobHandler, type JobRegistry } from '../nodes/index.js';
import { CHECK_JOB, checkJobHandler } from './check-job.js';
import { DESIGN_JOB, designJobHandler } from './design-job.js';
import { VERIFY_JOB, verifyJobHandler } from './verify-job.js';

let registered = false;

/** Registers the stage job kinds with the default registry (once per process). */
export function registerStageJobs(): void {
  if (registered) return;
  registerJobHandler(CHECK_JOB, checkJobHandler);
  registerJobHandler(VERIFY_JOB, verifyJobHandler);
  registerJobHandler(DESIGN_JOB, designJobHandler);
  registered = true;
}

/** A fresh registry with the stage kinds. */
export function stageJobRegistry(): JobRegistry {
  const registry = createJobRegistry();
  registry.register(CHECK_JOB, checkJobHandler);
  registry.register(VERIFY_JOB, verifyJobHandler);
  registry.register(DESIGN_JOB, designJobHandler);
  return registry;
}
