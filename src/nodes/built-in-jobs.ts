/**
 * @module Built-in job kinds for tests and smoke checks of a deployment: `noop` echoes its
 * payload, `sleep` waits (and stops early when the job is aborted).
 */
import { z } from 'zod';
import type { JobRegistry } from './job-registry.js';

/** Registers `noop` and `sleep` (both roles). */
export function registerBuiltInJobs(registry: JobRegistry): void {
  registry.register('noop', {
    roles: ['design', 'verify'],
    payload: z.unknown(),
    run: async (payload, context) => ({ payload, nodeId: context.nodeId }),
  });
  registry.register('sleep', {
    roles: ['design', 'verify'],
    payload: z.object({ ms: z.number().nonnegative() }),
    run: async ({ ms }, context) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        context.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error(`sleep aborted: ${String(context.signal.reason)}`));
        }, { once: true });
      });
      return { sleptMs: ms, nodeId: context.nodeId };
    },
  });
}
