/**
 * @module The process-wide registry that `genesys node` uses: built-in kinds plus whatever the
 * stages register (check, verify, design sessions).
 */
import { registerBuiltInJobs } from './built-in-jobs.js';
import { createJobRegistry, type JobHandler } from './job-registry.js';

export const defaultJobRegistry = createJobRegistry();
registerBuiltInJobs(defaultJobRegistry);

/** Adds a job kind to the default registry. */
export function registerJobHandler<Payload, Result>(kind: string, handler: JobHandler<Payload, Result>): void {
  defaultJobRegistry.register(kind, handler);
}
