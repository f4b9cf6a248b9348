/**
 * @module The stage job kinds (check, design, verify): registered with the node runtime's default
 * registry for `genesys node`, or gathered in a registry of their own for a command that runs its
 * workers in-process with a different verify handler (the synthetic verifier).
 */
import { createJobRegistry, registerJobHandler, type JobHandler, type JobRegistry } from '../nodes/index.js';
import { CHECK_JOB, checkJobHandler } from './check-job.js';
import { DESIGN_JOB, designJobHandler } from './design-job.js';
import { VERIFY_JOB, verifyJobHandler, type VerifyJobPayload, type VerifyJobResult } from './verify-job.js';

let registered = false;

/** Registers the stage job kinds with the default registry (once per process). */
export function registerStageJobs(): void {
  if (registered) return;
  registerJobHandler(CHECK_JOB, checkJobHandler);
  registerJobHandler(VERIFY_JOB, verifyJobHandler);
  registerJobHandler(DESIGN_JOB, designJobHandler);
  registered = true;
}

/** A fresh registry with the stage kinds; `verify` replaces the verification engine's handler. */
export function stageJobRegistry(options: { verify?: JobHandler<VerifyJobPayload, VerifyJobResult> } = {}): JobRegistry {
  const registry = createJobRegistry();
  registry.register(CHECK_JOB, checkJobHandler);
  registry.register(VERIFY_JOB, options.verify ?? verifyJobHandler);
  registry.register(DESIGN_JOB, designJobHandler);
  return registry;
}
