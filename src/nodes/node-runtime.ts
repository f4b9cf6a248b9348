/**
 * @module A node: registers with its hardware, runs `concurrency` worker loops over the kinds of
 * its role, heartbeats, obeys its commands (pause, resume, drain, stop), and acts as a sweeper
 * (expired leases, lost nodes) so no separate coordinator is needed.
 *
 * Stopping: `drain` finishes running jobs and claims no more; `release` hands running jobs back
 * to the queue at once (they do not spend an attempt). A drain that outlives `graceSeconds` releases.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  heartbeatNode, markLostNodes, reapExpiredLeases, registerNode, setNodeStatus, takeNodeCommands,
  type Db, type Hardware, type NodeRole, type NodeStatus,
} from '../store/index.js';
import { defaultJobRegistry } from './default-registry.js';
import { collectHardware } from './hardware.js';
import type { JobRegistry } from './job-registry.js';
import { pause, retryTransient } from './pause.js';
import type { JobEnd } from './run-job.js';
import { runWorkerLoop } from './worker-loop.js';

export interface StartNodeOptions {
  db: Db;
  role: NodeRole;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Default: GENESYS_NODE_ID, else `<hostname>-<random>`. */
  id?: string;
  registry?: JobRegistry;
  hardware?: Hardware;
  /** Node heartbeat and command poll interval (seconds, default 5). */
  heartbeatSeconds?: number;
  /** Job lease length (seconds, default 60); renewed every third of it. */
  leaseSeconds?: number;
  /** Silence after which a node is declared lost and its jobs re-queued (seconds, default 60). */
  lostAfterSeconds?: number;
  /** Wait between claims on an empty queue (seconds, default 1). */
  pollSeconds?: number;
  /** How long a drain may run before running jobs are released (seconds, default: no limit). */
  graceSeconds?: number;
  /** The node's workspace, handed to job handlers. */
  workspace?: string;
  /** The artifact folder, handed to job handlers (default: GENESYS_ARTIFACTS or `<workspace>/artifacts`). */
  artifacts?: string;
  log?(message: string): void;
}

export interface NodeExit {
  id: string;
  /** Jobs by how they ended on this node. */
  jobs: Partial<Record<JobEnd, number>>;
}

export interface RunningNode {
  id: string;
  kinds: string[];
  /** The status the node last read from the store. */
  status(): NodeStatus;
  /** Ask the node to end: finish running jobs (`drain`) or hand them back now (`release`). */
  stop(mode?: 'drain' | 'release'): void;
  /** Resolves when every worker has ended and the node is marked stopped. */
  done: Promise<NodeExit>;
}

export function defaultNodeId(): string {
  return process.env.GENESYS_NODE_ID || `${hostname()}-${randomBytes(3).toString('hex')}`;
}

/** Registers the node and starts its workers and heartbeat. */
export async function startNode(options: StartNodeOptions): Promise<RunningNode> {
  const { db } = options;
  const log = options.log ?? (() => undefined);
  const registry = options.registry ?? defaultJobRegistry;
  const id = options.id ?? defaultNodeId();
  const kinds = registry.kinds(options.role);
  const concurrency = options.concurrency ?? 1;
  const heartbeatMs = (options.heartbeatSeconds ?? 5) * 1000;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const lostAfterSeconds = options.lostAfterSeconds ?? 60;
  await retryTransient(async () => registerNode(db, {
    id, role: options.role, kinds, concurrency, hardware: options.hardware ?? (await collectHardware()), lostAfterSeconds,
  }));
  log(`node ${id} registered: role ${options.role}, ${concurrency} worker(s), kinds ${kinds.join(', ') || '(none)'}`);

  let status: NodeStatus = 'active';
  let localDrain = false;
  const running = new Set<number>();
  const ends: NodeExit['jobs'] = {};
  const stopWorkers = new AbortController();
  const releaseJobs = new AbortController();
  const stopHeartbeat = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  // The `draining` write of stop() must land before the final `stopped`, or an idle node that stops
  // at once is left `draining` (and later declared lost) by a write that overtook it on another connection.
  let drainRecorded: Promise<void> = Promise.resolve();

  const canClaim = () => status === 'active' && !localDrain;
  const settle = () => {
    // Draining (by command or locally) ends when nothing runs; stopped ends after releasing.
    if (status === 'stopped') {
      releaseJobs.abort();
      stopWorkers.abort();
    } else if ((status === 'draining' || localDrain) && running.size === 0) {
      stopWorkers.abort();
    }
  };

  const heartbeat = async () => {
    while (!stopHeartbeat.signal.aborted) {
      try {
        const beat = await heartbeatNode(db, { id });
        const taken = await takeNodeCommands(db, { nodeId: id });
        for (const command of taken.commands) log(`node ${id}: command ${command.command} -> ${command.statusAfter}`);
        const next = taken.status ?? beat ?? status;
        if (next !== status) log(`node ${id}: ${status} -> ${next}`);
        status = next;
        const lost = await markLostNodes(db, { silentSeconds: lostAfterSeconds });
        for (const node of lost.lost) log(`node ${node} declared lost; re-queued jobs ${lost.requeuedJobs.join(', ') || '(none)'}`);
        await reapExpiredLeases(db);
      } catch (error) {
        log(`node ${id}: heartbeat failed (will retry): ${(error as Error).message}`);
      }
      settle();
      await pause(heartbeatMs, stopHeartbeat.signal);
    }
  };

  const workers = Array.from({ length: concurrency }, () => runWorkerLoop({
    db, nodeId: id, kinds, registry, leaseSeconds, log, workspace: options.workspace, artifacts: options.artifacts,
    pollMs: (options.pollSeconds ?? 1) * 1000,
    canClaim,
    stopSignal: stopWorkers.signal,
    releaseSignal: releaseJobs.signal,
    onJobStart: (jobId) => {
      running.add(jobId);
      log(`node ${id}: job ${jobId} started`);
    },
    onJobEnd: (jobId, end) => {
      running.delete(jobId);
      ends[end] = (ends[end] ?? 0) + 1;
      log(`node ${id}: job ${jobId} ${end}`);
      settle();
    },
  }));
  const heartbeatDone = heartbeat();

  const done = (async (): Promise<NodeExit> => {
    try {
      await Promise.all(workers);
    } finally {
      clearTimeout(graceTimer);
      stopHeartbeat.abort();
      await heartbeatDone;
      await drainRecorded;
      await retryTransient(() => setNodeStatus(db, { id, status: 'stopped' }), { maxSeconds: 30 }).catch((error: unknown) =>
        log(`node ${id}: could not record the stop: ${(error as Error).message}`));
      log(`node ${id} stopped`);
    }
    return { id, jobs: ends };
  })();

  return {
    id,
    kinds,
    status: () => status,
    stop(mode = 'drain') {
      localDrain = true;
      if (mode === 'release') releaseJobs.abort();
      else if (options.graceSeconds !== undefined && !graceTimer) graceTimer = setTimeout(() => releaseJobs.abort(), options.graceSeconds * 1000);
      drainRecorded = setNodeStatus(db, { id, status: 'draining' }).catch(() => undefined);
      settle();
    },
    done,
  };
}
