/**
 * @module Job kinds → handlers. A handler declares the node roles that run it, a zod schema for
 * its payload, the work itself, and optional writes committed together with the completion.
 *
 * @example
 * registerJobHandler('check', {
 *   roles: ['design'],
 *   payload: z.object({ designId: z.string() }),
 *   run: async ({ designId }, context) => runCheckFor(designId, context.signal),
 *   effects: async (tx, report, context) => saveReport(tx, context.job.payload, report),
 * });
 */
import type { z } from 'zod';
import type { ClaimedJob, Db, NodeRole } from '../store/index.js';

export type WorkerRole = Exclude<NodeRole, 'all'>;

export interface JobContext {
  job: ClaimedJob;
  db: Db;
  nodeId: string;
  /** The node's workspace folder: where handlers keep runs, datasets and records. */
  workspace: string;
  /** The content-addressed artifact folder (GENESYS_ARTIFACTS, shared by the nodes, or `<workspace>/artifacts`). */
  artifacts: string;
  /** Aborted when the lease is lost (taken over, node declared lost, job cancelled) or the node releases the job. */
  signal: AbortSignal;
  log(message: string): void;
}

export interface JobHandler<Payload = unknown, Result = unknown> {
  roles: readonly WorkerRole[];
  payload: z.ZodType<Payload>;
  run(payload: Payload, context: JobContext): Promise<Result>;
  /** Writes that belong to the result; they commit in the completion's transaction, only while the lease is held. */
  effects?(tx: Db, result: Result, context: JobContext): Promise<void>;
}

/** Thrown by a handler for a failure that a retry cannot fix: the job fails at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export interface JobRegistry {
  register<Payload, Result>(kind: string, handler: JobHandler<Payload, Result>): void;
  get(kind: string): JobHandler | undefined;
  /** The kinds a node of this role claims. */
  kinds(role: NodeRole): string[];
}

export function createJobRegistry(): JobRegistry {
  const handlers = new Map<string, JobHandler>();
  return {
    register(kind, handler) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} already has a handler`);
      handlers.set(kind, handler as JobHandler);
    },
    get: (kind) => handlers.get(kind),
    kinds: (role) => [...handlers].filter(([, handler]) => role === 'all' || handler.roles.includes(role)).map(([kind]) => kind).sort(),
  };
}
