/**
 * @module Commands to a node (pause, resume, drain, stop): a per-node queue of rows. The node
 * takes its pending commands, applies them to its status and acknowledges them in one
 * transaction, so each command is obeyed and acknowledged exactly once and none is lost.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Db } from './db.js';
import { NodeStatusSchema, type NodeStatus } from './nodes.js';
import { BigIntSchema, NullableTimestampSchema, parseRows, TimestampSchema } from './row-types.js';

export const NodeCommandSchema = z.enum(['pause', 'resume', 'drain', 'stop']);
export type NodeCommand = z.infer<typeof NodeCommandSchema>;

export const NodeCommandRowSchema = z.object({
  id: BigIntSchema,
  nodeId: z.string(),
  command: NodeCommandSchema,
  createdAt: TimestampSchema,
  acknowledgedAt: NullableTimestampSchema,
  statusAfter: z.string().nullable(),
});
export type NodeCommandRow = z.infer<typeof NodeCommandRowSchema>;

const COLUMNS = `id, node_id AS "nodeId", command, created_at AS "createdAt", acknowledged_at AS "acknowledgedAt", status_after AS "statusAfter"`;

/** The status a command moves a node to (stopped is final; lost nodes are revived by their heartbeat first). */
export function applyCommand(status: NodeStatus, command: NodeCommand): NodeStatus {
  if (status === 'stopped') return status;
  switch (command) {
    case 'pause': return status === 'active' ? 'paused' : status;
    case 'resume': return status === 'paused' || status === 'draining' ? 'active' : status;
    case 'drain': return status === 'active' || status === 'paused' ? 'draining' : status;
    case 'stop': return 'stopped';
  }
}

/** Queues a command for a node. */
export async function sendNodeCommand(db: Db, options: { nodeId: string; command: NodeCommand }): Promise<NodeCommandRow> {
  const command = NodeCommandSchema.parse(options.command);
  const { rows } = await db.query(
    `INSERT INTO node_commands (node_id, command) SELECT id, $2 FROM nodes WHERE id = $1 RETURNING ${COLUMNS}`, [options.nodeId, command]);
  if (!rows[0]) throw new InputError(`no node ${options.nodeId}`, { hint: 'see `genesys nodes` for the node ids' });
  return parseRows(NodeCommandRowSchema, rows)[0]!;
}

/** Takes, applies and acknowledges the node's pending commands in order; returns them and the resulting status. */
export async function takeNodeCommands(db: Db, options: { nodeId: string }): Promise<{ status: NodeStatus | undefined; commands: NodeCommandRow[] }> {
  return db.transaction(async (tx) => {
    const node = await tx.query('SELECT status FROM nodes WHERE id = $1 FOR UPDATE', [options.nodeId]);
    if (!node.rows[0]) return { status: undefined, commands: [] };
    let status = NodeStatusSchema.parse(node.rows[0].status);
    const pending = await tx.query(
      `SELECT ${COLUMNS} FROM node_commands WHERE node_id = $1 AND acknowledged_at IS NULL ORDER BY id FOR UPDATE`, [options.nodeId]);
    const commands: NodeCommandRow[] = [];
    for (const command of parseRows(NodeCommandRowSchema, pending.rows)) {
      status = applyCommand(status, command.command);
      const { rows } = await tx.query(
        `UPDATE node_commands SET acknowledged_at = now(), status_after = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [command.id, status]);
      commands.push(...parseRows(NodeCommandRowSchema, rows));
    }
    if (commands.length > 0) {
      await tx.query(`UPDATE nodes SET status = $2, stopped_at = CASE WHEN $2 = 'stopped' THEN now() ELSE stopped_at END WHERE id = $1`,
        [options.nodeId, status]);
    }
    return { status, commands };
  });
}

export async function listNodeCommands(db: Db, options: { nodeId: string }): Promise<NodeCommandRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM node_commands WHERE node_id = $1 ORDER BY id`, [options.nodeId]);
  return parseRows(NodeCommandRowSchema, rows);
}
