/**
 * @module The evolution loop (controller). Each generation: take a snapshot, rank it, plan
 * verifications and new designs, commit the plan, wait until its jobs end (design and verify
 * jobs run at the same time, on in-process workers and/or remote nodes), store the new designs.
 *
 * The barrier at the end of a generation is what makes a run repeatable: a plan only ever sees
 * finished generations, so the same seed gives the same lineage however the jobs interleave.
 * Interrupting (Ctrl-C) hands running jobs back to the queue; the next `--resume` waits for the
 * planned generation again, and a verification resumes from its last checkpoint.
 */
import { availableParallelism, hostname } from 'node:os';
import { checkDesignerSettings } from '../flows/registry.js';
import { stageJobRegistry } from '../jobs/index.js';
import { startNode, type JobRegistry, type RunningNode } from '../nodes/index.js';
import { HAS_NVIDIA_GPU, splitCoresBetweenRuns } from '../runtime/index.js';
import { listEvents, llmCost, markLostNodes, type Store } from '../store/index.js';
import type { EvolutionConfig } from './config.js';
import { evolutionStatus, type EvolutionStatus } from './evolution-status.js';
import { commitPlan, finishGeneration, generationState, loadJobs, type FinishedGeneration } from './generation-store.js';
import { planGeneration, type GenerationPlan } from './plan-generation.js';
import { loadPopulation, rankSnapshot } from './population.js';
import { seedPopulation } from './seed-population.js';

/** Generations in a row whose design jobs all failed before the loop gives up. */
const FAILING_GENERATIONS_LIMIT = 3;

export type StopReason = 'finished' | 'interrupted' | 'time-limit' | 'stop-requested' | 'designer-failing';

export interface RunEvolutionOptions {
  store: Store;
  evolution: string;
  config: EvolutionConfig;
  /** Run design and verify workers in this process (default: yes on the workspace's PGlite, no on PostgreSQL). */
  localWorkers?: boolean;
  /** Aborting interrupts: running jobs go back to the queue, nothing finished is lost. */
  signal?: AbortSignal;
  /** Job registry of the local workers (default: the stage kinds). */
  registry?: JobRegistry;
  pollMs?: number;
  onStatus?(status: EvolutionStatus): void;
  onPlan?(plan: GenerationPlan): void;
  onGeneration?(generation: number, finished: FinishedGeneration): void;
  log?(message: string): void;
}

export interface EvolutionResult {
  reason: StopReason;
  /** Generations finished by this run. */
  generations: number;
  detail: string;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Routine lines of the in-process nodes (a job started, completed; the node stopped) would drown the display.
const ROUTINE = /: job \d+ (started|completed)$| stopped$| registered: /;

export async function runEvolution(options: RunEvolutionOptions): Promise<EvolutionResult> {
  const { store, evolution, config } = options;
  const db = store.db;
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollMs ?? 1000;
  const started = Date.now();
  const localWorkers = options.localWorkers ?? !store.location.url;
  checkDesignerSettings(config.designer, config.llm, localWorkers ? process.env : null);
  const { seedsAdded } = await seedPopulation(db, evolution, config);
  if (seedsAdded.length > 0) log(`seeded ${evolution} with ${seedsAdded.join(', ')}`);
  if (localWorkers && !store.location.url) {
    // The workspace lock makes this the only process on this database: nodes still marked live are leftovers of a killed run.
    const { lost, requeuedJobs } = await markLostNodes(db, { silentSeconds: 0 });
    if (lost.length > 0) log(`re-queued ${requeuedJobs.length} job(s) of the interrupted run (${lost.join(', ')})`);
  }
  const { rows: [last] } = await db.query("SELECT coalesce(max(id), 0) AS id FROM events WHERE kind = 'evolution.stop-requested'");
  const stopRequestsAfter = Number(last?.id ?? 0);

  const verifyWorkers = config.verify.workers !== 'auto' ? config.verify.workers
    : HAS_NVIDIA_GPU || config.verify.device === 'cuda' ? 1 : availableParallelism();
  const nodes: RunningNode[] = [];
  if (localWorkers) {
    if (!HAS_NVIDIA_GPU) {
      const threads = splitCoresBetweenRuns(verifyWorkers);
      log(`${verifyWorkers} verification(s) at a time, ${threads} torch thread(s) each`);
    }
    const registry = options.registry ?? stageJobRegistry();
    for (const role of ['design', 'verify'] as const) {
      nodes.push(await startNode({
        db, role, registry, concurrency: role === 'verify' ? verifyWorkers : 1, workspace: store.location.workspace, artifacts: store.location.artifacts, id: `${hostname()}-evolve-${role}-${process.pid}`,
        heartbeatSeconds: 2, pollSeconds: 0.2, leaseSeconds: 60, log: (message) => { if (!ROUTINE.test(message)) log(message); },
      }));
    }
  }

  let generations = 0;
  let lastNodeCheck = 0;
  let failingGenerations = 0;
  let result: EvolutionResult | undefined;
  try {
    const state = await generationState(db, evolution);
    let generation = Math.max(state.finished + 1, 0);
    let jobIds: number[] | undefined;
    if (state.planned && state.planned.generation > state.finished) {
      generation = state.planned.generation;
      jobIds = state.planned.jobIds;
      log(`resuming generation ${generation} (${jobIds.length} job(s))`);
    }
    while (!result) {
      const snapshot = await loadPopulation(db, { evolution });
      const ranking = rankSnapshot(snapshot);
      options.onStatus?.(await evolutionStatus(db, snapshot, ranking, generation));
      if (!jobIds) {
        const stop = await stopReason(options, config, started, stopRequestsAfter, evolution);
        if (stop) {
          result = { ...stop, generations };
          break;
        }
        // One verification per verify worker, here or on the nodes, so no machine idles for a generation.
        const minVerifications = localWorkers ? verifyWorkers : await verifySlots(store);
        const plan = planGeneration({ snapshot, ranking, generation, costUsd: (await llmCost(db, { evolution })).costUsd, minVerifications });
        if (plan.verifications.length === 0 && plan.designs.length === 0) {
          result = { reason: 'finished', generations, detail: plan.designPause ? `nothing left to verify; ${plan.designPause}` : 'nothing left to verify or design' };
          break;
        }
        options.onPlan?.(plan);
        jobIds = await commitPlan(db, plan, { evolution, ladder: config.ladder, verify: config.verify });
      }
      let shown = '';
      while (!options.signal?.aborted) {
        const jobs = await loadJobs(db, jobIds);
        if (jobs.every((job) => ['succeeded', 'failed', 'cancelled'].includes(job.status))) break;
        // The population is reloaded for the display only when a job of the plan changed state.
        const state = jobs.map((job) => `${job.id}:${job.status}:${job.attempts}`).join(',');
        if (state !== shown) {
          shown = state;
          options.onStatus?.(await evolutionStatus(db, await loadPopulation(db, { evolution }), ranking, generation));
        }
        if (nodes.length === 0 && Date.now() - lastNodeCheck > 60_000) {
          lastNodeCheck = Date.now();
          const served = await servedKinds(store);
          for (const kind of new Set(jobs.filter((job) => job.status === 'queued' && !served.has(job.kind)).map((job) => job.kind))) {
            log(`${kind} job(s) wait, but no live node of this database runs ${kind} jobs: start one with genesys node --role ${kind === 'design' ? 'design' : 'verify'} (or all) --db <url>, or pass --local`);
          }
        }
        await delay(pollMs, options.signal);
      }
      if (options.signal?.aborted) {
        result = { reason: 'interrupted', generations, detail: `generation ${generation} is planned; run again with --resume to finish it` };
        break;
      }
      const jobs = await loadJobs(db, jobIds);
      const finished = await finishGeneration(db, { evolution, ladder: config.ladder, generation, jobs });
      options.onGeneration?.(generation, finished);
      generations += 1;
      generation += 1;
      jobIds = undefined;
      // Design jobs that fail (not designs the checker rejects) fail the same way next time: a
      // setting or the designer's service is broken, and planning on would loop without end.
      const designJobs = jobs.filter((job) => job.kind === 'design');
      if (designJobs.length > 0) failingGenerations = designJobs.every((job) => job.status !== 'succeeded') ? failingGenerations + 1 : 0;
      if (failingGenerations >= FAILING_GENERATIONS_LIMIT) {
        const last = designJobs.at(-1)?.lastError ?? 'no reason recorded';
        result = { reason: 'designer-failing', generations, detail: `every design job of the last ${failingGenerations} generations failed (last: ${last}); fix the cause, then --resume` };
      }
    }
  } finally {
    for (const node of nodes) node.stop(options.signal?.aborted ? 'release' : 'drain');
    await Promise.all(nodes.map((node) => node.done));
  }
  const snapshot = await loadPopulation(db, { evolution });
  options.onStatus?.(await evolutionStatus(db, snapshot, rankSnapshot(snapshot), (await generationState(db, evolution)).finished + 1));
  return result;
}

async function stopReason(options: RunEvolutionOptions, config: EvolutionConfig, started: number, stopRequestsAfter: number, evolution: string): Promise<EvolutionResult | undefined> {
  if (options.signal?.aborted) return { reason: 'interrupted', generations: 0, detail: 'interrupted before planning' };
  if (config.limits.timeMinutes > 0 && Date.now() - started >= config.limits.timeMinutes * 60_000) {
    return { reason: 'time-limit', generations: 0, detail: `the ${config.limits.timeMinutes}-minute limit was reached; --resume continues` };
  }
  const requests = await listEvents(options.store.db, { kind: 'evolution.stop-requested', evolution, after: stopRequestsAfter, limit: 1 });
  if (requests.length > 0) return { reason: 'stop-requested', generations: 0, detail: 'a stop was requested (dashboard or API); --resume continues' };
  return undefined;
}

/** Verify jobs the live nodes can run at once (their workers), at least 1. */
async function verifySlots(store: Store): Promise<number> {
  const { rows } = await store.db.query(`SELECT coalesce(sum(concurrency), 0)::int AS n FROM nodes
    WHERE status = 'active' AND kinds ? 'verify' AND last_heartbeat > now() - interval '2 minutes'`);
  return Math.max(1, Number(rows[0]?.n ?? 0));
}

/**
 * The job kinds that live nodes claim. Without local workers someone must serve each kind of the
 * plan (a cluster of verify-only nodes never runs design jobs); the loop says so rather than wait in silence.
 */
async function servedKinds(store: Store): Promise<Set<string>> {
  const { rows } = await store.db.query(`SELECT DISTINCT jsonb_array_elements_text(kinds) AS kind FROM nodes
    WHERE status IN ('active', 'paused', 'draining') AND last_heartbeat > now() - interval '2 minutes'`);
  return new Set(rows.map((row) => String(row.kind)));
}
