/**
 * @module A generation's life in the store. Planning commits in one transaction — budgets spent,
 * jobs enqueued, a `generation-planned` event listing them — so a crash leaves either nothing or
 * the whole plan. Finishing commits the accepted designs (in index order, duplicates refused),
 * refunds verifications whose job failed for good, and a `generation-finished` event, again at
 * once. The events are the loop's resume point.
 */
import { z } from 'zod';
import { DesignOutcomeSchema, type DesignOutcome } from '../flows/designer.js';
import { canonicalHash } from '../flows/library/canonical-hash.js';
import { DESIGN_JOB, designSessionKey, VERIFY_JOB, type DesignJobPayload, type VerifyJobPayload } from '../jobs/index.js';
import { CheckReportSchema } from '../checker/index.js';
import {
  addImplementationAttempt, addProposal, addReview, appendEvent, consumeBudget, enqueueJob, insertDesign, JOB_COLUMNS, JobRowSchema,
  listDesigns, refundBudget, type Db, type JobRow,
} from '../store/index.js';
import type { EvolutionConfig } from './config.js';
import type { GenerationPlan } from './plan-generation.js';

const PlannedSchema = z.object({ generation: z.number().int(), jobIds: z.array(z.number().int()) });
const FinishedSchema = z.object({ generation: z.number().int() });

export interface GenerationState {
  /** The last generation planned, with its jobs; null before the first. */
  planned: { generation: number; jobIds: number[] } | null;
  /** The last generation whose designs were stored; -1 before the first. */
  finished: number;
}

export async function generationState(db: Db, evolution: string): Promise<GenerationState> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (kind) kind, data FROM events WHERE evolution = $1 AND kind IN ('generation-planned', 'generation-finished')
     ORDER BY kind, id DESC`, [evolution]);
  const planned = rows.find((row) => row.kind === 'generation-planned');
  const finished = rows.find((row) => row.kind === 'generation-finished');
  return {
    planned: planned ? PlannedSchema.parse(planned.data) : null,
    finished: finished ? FinishedSchema.parse(finished.data).generation : -1,
  };
}

/** Spends the budgets and enqueues the plan's jobs in one transaction; returns the job ids (verify jobs first). */
export async function commitPlan(db: Db, plan: GenerationPlan, options: { evolution: string; ladder: string; verify: EvolutionConfig['verify'] }): Promise<number[]> {
  const { device, dataDir, mode, syntheticDelayMs } = options.verify;
  // The payload carries the evolution's verify settings: the node that claims the job may be any machine.
  const synthetic = mode === 'synthetic' ? { delayMs: syntheticDelayMs } : undefined;
  return db.transaction(async (tx) => {
    const jobIds: number[] = [];
    for (const choice of plan.verifications) {
      const spent = await consumeBudget(tx, { evolution: options.evolution, ladder: options.ladder, scale: choice.scale });
      if (!spent) throw new Error(`the ${choice.scale} budget of ${options.evolution} changed while planning generation ${plan.generation}`);
      const payload: VerifyJobPayload = { designId: choice.designId, ladder: options.ladder, scale: choice.scale, dataDir, device, force: false, baseline: true, synthetic };
      const { job } = await enqueueJob(tx, { kind: VERIFY_JOB, payload, maxAttempts: 3, dedupeKey: `verify:${choice.designId}:${options.ladder}:${choice.scale}`, priority: 1 });
      jobIds.push(Number(job.id));
    }
    for (const design of plan.designs) {
      const { job } = await enqueueJob(tx, { kind: DESIGN_JOB, payload: design, maxAttempts: 3, dedupeKey: `design:${design.evolution}:${design.generation}:${design.index}` });
      jobIds.push(Number(job.id));
    }
    await appendEvent(tx, {
      kind: 'generation-planned', evolution: options.evolution,
      data: { generation: plan.generation, jobIds, verifications: plan.verifications, designs: plan.designs.map((design) => ({ name: design.name, mode: design.mode, parents: design.parents.map((parent) => parent.id) })), designPause: plan.designPause },
    });
    return jobIds;
  });
}

export async function loadJobs(db: Db, jobIds: number[]): Promise<JobRow[]> {
  if (jobIds.length === 0) return [];
  const { rows } = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = ANY($1::bigint[]) ORDER BY j.id`, [jobIds]);
  return rows.map((row) => JobRowSchema.parse(row));
}

export interface FinishedGeneration {
  accepted: string[];
  rejected: { name: string; reason: string }[];
}

function outcomeOf(job: JobRow): DesignOutcome {
  if (job.status === 'succeeded') {
    const parsed = DesignOutcomeSchema.safeParse(job.result);
    if (parsed.success) return parsed.data;
    return { status: 'rejected', reason: `the design job returned an unreadable outcome: ${parsed.error.issues[0]?.message}`, attempts: [], proposal: null, costUsd: 0 };
  }
  return { status: 'rejected', reason: `design job ${job.status}: ${job.lastError ?? 'no reason recorded'}`, attempts: [], proposal: null, costUsd: 0 };
}

/** Stores the outcome of a generation whose jobs have all ended (idempotent: a finished generation is skipped). */
export async function finishGeneration(db: Db, options: { evolution: string; ladder: string; generation: number; jobs: JobRow[] }): Promise<FinishedGeneration> {
  return db.transaction(async (tx) => {
    const result: FinishedGeneration = { accepted: [], rejected: [] };
    if ((await generationState(tx, options.evolution)).finished >= options.generation) return result;
    const known = new Map((await listDesigns(tx, { evolution: options.evolution })).map((row) => [canonicalHash(row.design), row.name]));
    const designJobs = options.jobs.filter((job) => job.kind === DESIGN_JOB)
      .sort((a, b) => (a.payload as DesignJobPayload).index - (b.payload as DesignJobPayload).index);
    for (const job of designJobs) {
      const payload = job.payload as DesignJobPayload;
      const outcome = outcomeOf(job);
      const duplicateOf = outcome.status === 'accepted' ? known.get(canonicalHash(outcome.design)) : undefined;
      if (outcome.status === 'rejected' || duplicateOf) {
        const reason = outcome.status === 'rejected' ? outcome.reason : `computes the same as ${duplicateOf}`;
        result.rejected.push({ name: payload.name, reason });
        await appendEvent(tx, { kind: 'design-rejected', evolution: options.evolution, jobId: job.id, data: { name: payload.name, generation: options.generation, reason, attempts: outcome.attempts.length } });
        continue;
      }
      const parents = (await tx.query('SELECT id, design FROM designs WHERE id = ANY($1::text[])', [payload.parents.map((parent) => parent.id)])).rows;
      const family = payload.mode === 'scratch' ? 'new' : familyFromRow(parents.find((row) => row.id === payload.parents[0]?.id));
      const design = { ...outcome.design, name: payload.name, metadata: { ...outcome.design.metadata, family } };
      const row = await insertDesign(tx, {
        evolution: options.evolution, design, origin: payload.mode, description: outcome.description,
        parentIds: payload.parents.map((parent) => parent.id), generation: options.generation,
      });
      known.set(canonicalHash(row.design), row.name);
      await storeDesignRecords(tx, row.id, outcome);
      // LLM calls are made before the design exists; they carry the design job's session key.
      await tx.query("UPDATE llm_calls SET design_id = $1 WHERE design_id IS NULL AND request->>'sessionKey' = $2",
        [row.id, designSessionKey(payload)]);
      result.accepted.push(row.name);
      await appendEvent(tx, { kind: 'design-added', evolution: options.evolution, designId: row.id, jobId: job.id, data: { name: row.name, generation: options.generation, mode: payload.mode, description: outcome.description } });
    }
    for (const job of options.jobs.filter((candidate) => candidate.kind === VERIFY_JOB && candidate.status !== 'succeeded')) {
      const payload = job.payload as VerifyJobPayload;
      await refundBudget(tx, { evolution: options.evolution, ladder: options.ladder, scale: payload.scale });
      await appendEvent(tx, { kind: 'verification-failed', evolution: options.evolution, designId: payload.designId, jobId: job.id, data: { scale: payload.scale, reason: job.lastError } });
    }
    await appendEvent(tx, { kind: 'generation-finished', evolution: options.evolution, data: { generation: options.generation, accepted: result.accepted, rejected: result.rejected } });
    return result;
  });
}

function familyFromRow(row: Record<string, unknown> | undefined): string {
  if (!row) return 'design';
  const design = row.design as { name: string; metadata?: { family?: unknown } };
  return typeof design.metadata?.family === 'string' ? design.metadata.family : design.name;
}

async function storeDesignRecords(tx: Db, designId: string, outcome: Extract<DesignOutcome, { status: 'accepted' }>): Promise<void> {
  const proposal = outcome.proposal;
  if (proposal) {
    const versions = proposal.versions.length > 0 ? proposal.versions : [{ text: proposal.text, rating: proposal.rating }];
    for (const [index, version] of versions.entries()) {
      await addProposal(tx, { designId, version: index + 1, text: version.text, rating: version.rating, data: index === versions.length - 1 ? { title: proposal.title, ...proposal.data } : {} });
    }
    for (const review of proposal.reviews) {
      await addReview(tx, { designId, proposalVersion: review.version, reviewer: review.reviewer, text: review.text, rating: review.rating });
    }
  }
  for (const [index, attempt] of outcome.attempts.entries()) {
    const report = CheckReportSchema.safeParse(attempt.report);
    await addImplementationAttempt(tx, { designId, attempt: index + 1, unitName: attempt.unit, status: attempt.status, report: report.success ? report.data : null, data: attempt.data });
  }
}
