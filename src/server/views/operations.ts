/**
 * @module Nodes and jobs as the dashboard shows them (lease tokens left out), and the commands it
 * sends: a node command, a stop request to an evolution, and re-queueing a finished job.
 */
import {
  appendEvent, countJobs, enqueueJob, getEvolution, getJob, getNode, JOB_COLUMNS, JobRowSchema, listJobAttempts, listNodes,
  NodeCommandRowSchema, sendNodeCommand, type Db, type EventRow, type JobRow, type JobStatus, type NodeCommand, type NodeCommandRow, type NodeRow,
} from '../../store/index.js';
import type { JobDetailResponse, JobsResponse, JobSummary, NodeDetailResponse, NodeView } from '../api-types.js';
import { ConflictError, NotFoundError } from '../http-errors.js';
import { recentEvents } from './events.js';

function omit<Row extends object, Key extends keyof Row>(row: Row, keys: Key[]): Omit<Row, Key> {
  const copy: Partial<Row> = { ...row };
  for (const key of keys) delete copy[key];
  return copy as Omit<Row, Key>;
}

export function jobSummary(job: JobRow): JobSummary {
  return omit(job, ['leaseToken', 'result']);
}

async function commandsByNode(db: Db, options: { pending: boolean; nodeId?: string }): Promise<Map<string, NodeCommandRow[]>> {
  const { rows } = await db.query(
    `SELECT id, node_id AS "nodeId", command, created_at AS "createdAt", acknowledged_at AS "acknowledgedAt", status_after AS "statusAfter"
     FROM node_commands WHERE ($1::boolean = false OR acknowledged_at IS NULL) AND ($2::text IS NULL OR node_id = $2) ORDER BY id`,
    [options.pending, options.nodeId ?? null]);
  const byNode = new Map<string, NodeCommandRow[]>();
  for (const row of rows.map((raw) => NodeCommandRowSchema.parse(raw))) byNode.set(row.nodeId, [...(byNode.get(row.nodeId) ?? []), row]);
  return byNode;
}

async function lastCommands(db: Db): Promise<Map<string, NodeCommandRow>> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (node_id) id, node_id AS "nodeId", command, created_at AS "createdAt", acknowledged_at AS "acknowledgedAt", status_after AS "statusAfter"
     FROM node_commands ORDER BY node_id, id DESC`);
  return new Map(rows.map((raw) => NodeCommandRowSchema.parse(raw)).map((row) => [row.nodeId, row]));
}

function nodeView(node: NodeRow, pending: Map<string, NodeCommandRow[]>, last: Map<string, NodeCommandRow>): NodeView {
  return { ...node, pendingCommands: pending.get(node.id) ?? [], lastCommand: last.get(node.id) ?? null };
}

/** Every node (stopped ones too), with its unacknowledged commands. */
export async function nodeViews(db: Db): Promise<NodeView[]> {
  const [nodes, pending, last] = [await listNodes(db), await commandsByNode(db, { pending: true }), await lastCommands(db)];
  return nodes.map((node) => nodeView(node, pending, last));
}

export async function nodeDetail(db: Db, options: { id: string }): Promise<NodeDetailResponse> {
  const node = await getNode(db, { id: options.id });
  if (!node) throw new NotFoundError(`no node ${options.id}`);
  const commands = (await commandsByNode(db, { pending: false, nodeId: node.id })).get(node.id) ?? [];
  const { rows } = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.node_id = $1 ORDER BY j.id`, [node.id]);
  return {
    node: { ...node, pendingCommands: commands.filter((command) => command.acknowledgedAt === null), lastCommand: commands.at(-1) ?? null },
    commands: commands.slice(-50).reverse(),
    jobs: rows.map((row) => jobSummary(JobRowSchema.parse(row))),
  };
}

/** Queues a node command; the node applies it at its next heartbeat. */
export async function commandNode(db: Db, options: { id: string; command: NodeCommand }): Promise<NodeCommandRow> {
  if (!(await getNode(db, { id: options.id }))) throw new NotFoundError(`no node ${options.id}`);
  return sendNodeCommand(db, { nodeId: options.id, command: options.command });
}

/** Newest jobs first, filtered, with the counts per status. */
export async function jobList(db: Db, options: { status?: JobStatus; kind?: string; nodeId?: string; limit: number }): Promise<JobsResponse> {
  const { rows } = await db.query(
    `SELECT ${JOB_COLUMNS} FROM jobs j WHERE ($1::text IS NULL OR j.status = $1) AND ($2::text IS NULL OR j.kind = $2)
       AND ($3::text IS NULL OR j.node_id = $3) ORDER BY j.id DESC LIMIT $4`,
    [options.status ?? null, options.kind ?? null, options.nodeId ?? null, options.limit]);
  return { jobs: rows.map((row) => jobSummary(JobRowSchema.parse(row))), counts: await countJobs(db) };
}

export async function jobDetail(db: Db, options: { id: number }): Promise<JobDetailResponse> {
  const job = await getJob(db, { jobId: options.id });
  if (!job) throw new NotFoundError(`no job ${options.id}`);
  const attempts = (await listJobAttempts(db, { jobId: job.id })).map((attempt) => omit(attempt, ['leaseToken']));
  return { job: omit(job, ['leaseToken']), attempts };
}

const REQUEUEABLE: JobStatus[] = ['failed', 'cancelled'];

/**
 * Runs a failed or cancelled job again as a new job with the same kind, payload, priority and
 * attempts (the old one keeps its history); an event links the two.
 */
export async function requeueJob(db: Db, options: { id: number }): Promise<JobSummary> {
  return db.transaction(async (tx) => {
    const job = await getJob(tx, { jobId: options.id });
    if (!job) throw new NotFoundError(`no job ${options.id}`);
    if (!REQUEUEABLE.includes(job.status)) {
      throw new ConflictError(`job ${job.id} is ${job.status}; only failed or cancelled jobs can be re-queued`);
    }
    const { job: next, created } = await enqueueJob(tx, {
      kind: job.kind, payload: job.payload, priority: job.priority, maxAttempts: job.maxAttempts, dedupeKey: job.dedupeKey ?? undefined,
    });
    if (created) await appendEvent(tx, { kind: 'job-requeued', jobId: next.id, data: { from: job.id, by: 'dashboard' } });
    return jobSummary(next);
  });
}

/** Asks an evolution's loop to stop (it polls for this event between steps). */
export async function requestEvolutionStop(db: Db, options: { evolution: string; reason?: string }): Promise<EventRow> {
  if (!(await getEvolution(db, { name: options.evolution }))) throw new NotFoundError(`no evolution named ${options.evolution}`);
  await appendEvent(db, { kind: 'evolution.stop-requested', evolution: options.evolution, data: { by: 'dashboard', reason: options.reason ?? null } });
  return (await recentEvents(db, { kind: 'evolution.stop-requested', evolution: options.evolution, limit: 1 }))[0]!;
}
