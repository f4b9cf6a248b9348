/**
 * @module The node registry: registration with hardware, heartbeats by the database clock,
 * listing with status and current jobs, and declaring silent nodes lost (their jobs re-queued).
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { json, type Db } from './db.js';
import { requeueNodeJobs } from './jobs/index.js';
import { BigIntSchema, NullableTimestampSchema, parseRows, TimestampSchema } from './row-types.js';

export const NodeRoleSchema = z.enum(['design', 'verify', 'all']);
export type NodeRole = z.infer<typeof NodeRoleSchema>;
export const NodeStatusSchema = z.enum(['active', 'paused', 'draining', 'stopped', 'lost']);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const HardwareSchema = z.object({
  hostname: z.string(),
  platform: z.string(),
  cpuModel: z.string(),
  cpuCount: z.number().int(),
  memoryBytes: z.number(),
  gpus: z.array(z.object({ name: z.string(), memoryMiB: z.number().nullable() })),
});
export type Hardware = z.infer<typeof HardwareSchema>;

export const NodeRowSchema = z.object({
  id: z.string(),
  role: NodeRoleSchema,
  status: NodeStatusSchema,
  hostname: z.string(),
  pid: z.number().int().nullable(),
  concurrency: z.number().int(),
  kinds: z.array(z.string()),
  hardware: HardwareSchema,
  startedAt: TimestampSchema,
  lastHeartbeat: TimestampSchema,
  stoppedAt: NullableTimestampSchema,
  /** Seconds since the last heartbeat, by the database clock. */
  heartbeatAgeSeconds: z.number(),
  /** Ids of the jobs this node holds now. */
  currentJobs: z.array(BigIntSchema),
});
export type NodeRow = z.infer<typeof NodeRowSchema>;

const COLUMNS = `n.id, n.role, n.status, n.hostname, n.pid, n.concurrency, n.kinds, n.hardware, n.started_at AS "startedAt",
  n.last_heartbeat AS "lastHeartbeat", n.stopped_at AS "stoppedAt",
  extract(epoch FROM now() - n.last_heartbeat)::float8 AS "heartbeatAgeSeconds",
  coalesce((SELECT jsonb_agg(j.id ORDER BY j.id) FROM jobs j WHERE j.node_id = n.id AND j.status = 'running'), '[]'::jsonb) AS "currentJobs"`;

const LIVE: NodeStatus[] = ['active', 'paused', 'draining'];

export interface RegisterNodeOptions {
  id: string;
  role: NodeRole;
  kinds: string[];
  concurrency: number;
  hardware: Hardware;
  pid?: number;
  /** A live node with this id whose heartbeat is younger than this is a clash (seconds, default 60). */
  lostAfterSeconds?: number;
}

/** Registers (or re-registers) a node as active; refuses an id that a live node is still heartbeating. */
export async function registerNode(db: Db, options: RegisterNodeOptions): Promise<NodeRow> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `SELECT status, extract(epoch FROM now() - last_heartbeat)::float8 AS age FROM nodes WHERE id = $1 FOR UPDATE`, [options.id]);
    const existing = rows[0];
    if (existing && LIVE.includes(existing.status as NodeStatus) && Number(existing.age) < (options.lostAfterSeconds ?? 60)) {
      throw new InputError(`node id ${options.id} is in use by a live node (heartbeat ${Math.round(Number(existing.age))} s ago)`, {
        hint: 'pick another --id, or stop that node first',
      });
    }
    await tx.query(
      `INSERT INTO nodes (id, role, status, hostname, pid, concurrency, kinds, hardware, started_at, last_heartbeat, stopped_at)
       VALUES ($1, $2, 'active', $3, $4, $5, $6::jsonb, $7::jsonb, now(), now(), NULL)
       ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, status = 'active', hostname = EXCLUDED.hostname, pid = EXCLUDED.pid,
         concurrency = EXCLUDED.concurrency, kinds = EXCLUDED.kinds, hardware = EXCLUDED.hardware,
         started_at = now(), last_heartbeat = now(), stopped_at = NULL`,
      [options.id, options.role, options.hardware.hostname, options.pid ?? process.pid, options.concurrency, json(options.kinds), json(options.hardware)],
    );
    // Commands sent to an earlier run of this id do not apply to the new one.
    await tx.query(`UPDATE node_commands SET acknowledged_at = now(), status_after = 'superseded' WHERE node_id = $1 AND acknowledged_at IS NULL`, [options.id]);
    return (await getNode(tx, { id: options.id }))!;
  });
}

/** Records a heartbeat and returns the node's status. A node that was declared lost comes back active. */
export async function heartbeatNode(db: Db, options: { id: string }): Promise<NodeStatus | undefined> {
  const { rows } = await db.query(
    `UPDATE nodes SET last_heartbeat = now(), status = CASE WHEN status = 'lost' THEN 'active' ELSE status END
     WHERE id = $1 RETURNING status`, [options.id]);
  return rows[0] ? NodeStatusSchema.parse(rows[0].status) : undefined;
}

/** Sets a node's status (a node stopping itself after a drain, or on shutdown). */
export async function setNodeStatus(db: Db, options: { id: string; status: NodeStatus }): Promise<void> {
  await db.query(`UPDATE nodes SET status = $2, stopped_at = CASE WHEN $2 = 'stopped' THEN now() ELSE stopped_at END WHERE id = $1`,
    [options.id, options.status]);
}

export async function getNode(db: Db, options: { id: string }): Promise<NodeRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM nodes n WHERE n.id = $1`, [options.id]);
  return parseRows(NodeRowSchema, rows)[0];
}

export async function listNodes(db: Db): Promise<NodeRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM nodes n ORDER BY n.started_at, n.id`);
  return parseRows(NodeRowSchema, rows);
}

/**
 * Declares nodes silent for more than `silentSeconds` lost and puts their jobs back in the queue
 * (or fails those out of attempts). Any node, or `genesys nodes`, may run this; it is idempotent.
 */
export async function markLostNodes(db: Db, options: { silentSeconds: number }): Promise<{ lost: string[]; requeuedJobs: number[] }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE nodes SET status = 'lost' WHERE status IN ('active', 'paused', 'draining')
         AND last_heartbeat < now() - $1 * interval '1 second' RETURNING id`, [options.silentSeconds]);
    const lost = rows.map((row) => String(row.id));
    for (const id of lost) {
      await tx.query(`INSERT INTO events (kind, node_id, data) VALUES ('node-lost', $1, jsonb_build_object('silentSeconds', $2::float8))`, [id, options.silentSeconds]);
    }
    const requeued = await requeueNodeJobs(tx, { nodeIds: lost });
    return { lost, requeuedJobs: requeued.map((job) => job.jobId) };
  });
}
