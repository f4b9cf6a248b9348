/**
 * @module `genesys nodes`: list the nodes with status, heartbeat age and current jobs (declaring
 * silent ones lost first), and `genesys nodes command <node> <command>` to steer one.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { listNodes, markLostNodes, NodeCommandSchema, openStore, sendNodeCommand, type NodeRow } from '../../store/index.js';

const StoreFlagsSchema = z.object({ db: z.string().optional(), workspace: z.string().optional(), json: z.boolean().default(false) });
const ListFlagsSchema = StoreFlagsSchema.extend({ lostAfterSeconds: z.coerce.number().positive().default(60), all: z.boolean().default(false) });

/** The human table, written to stderr; `hidden` counts the stopped nodes left out. */
export function renderNodes(nodes: NodeRow[], hidden = 0): string {
  const note = hidden > 0 ? `${hidden} stopped node${hidden === 1 ? '' : 's'} not shown (--all lists them)` : '';
  if (nodes.length === 0) return note || 'no nodes registered';
  const header = ['id', 'role', 'status', 'heartbeat', 'jobs', 'host', 'cpus', 'gpus'];
  const rows = nodes.map((node) => [
    node.id, node.role, node.status, `${Math.round(node.heartbeatAgeSeconds)} s ago`,
    node.currentJobs.join(',') || '-', node.hostname, String(node.hardware.cpuCount),
    node.hardware.gpus.map((gpu) => gpu.name).join(', ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const table = [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  return [...table, ...(note ? [note] : [])].join('\n');
}

function storeOptions(command: Command): Command {
  return command
    .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
    .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
    .option('--json', 'print one JSON document to stdout');
}

const listCommand = storeOptions(new Command('list'))
  .description('list nodes (default)')
  .option('--lost-after-seconds <s>', 'declare nodes silent this long lost, re-queueing their jobs', '60')
  .option('--all', 'also list the nodes that stopped')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = ListFlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db });
    try {
      await markLostNodes(store.db, { silentSeconds: flags.lostAfterSeconds });
      const everyNode = await listNodes(store.db);
      const nodes = flags.all ? everyNode : everyNode.filter((node) => node.status !== 'stopped');
      if (flags.json) process.stdout.write(`${JSON.stringify({ nodes }, null, 2)}\n`);
      else console.error(renderNodes(nodes, everyNode.length - nodes.length));
    } finally {
      await store.close();
    }
  });

const commandCommand = storeOptions(new Command('command'))
  .description('send a command to a node: pause, resume, drain (finish jobs, then stop) or stop (release jobs and stop)')
  .argument('<node>', 'node id')
  .argument('<command>', 'pause, resume, drain or stop')
  .action(async (nodeId: string, command: string, rawFlags: Record<string, unknown>) => {
    const flags = StoreFlagsSchema.parse(rawFlags);
    const parsed = NodeCommandSchema.parse(command);
    const store = await openStore({ workspace: flags.workspace, db: flags.db });
    try {
      const row = await sendNodeCommand(store.db, { nodeId, command: parsed });
      if (flags.json) process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
      else console.error(`queued ${row.command} for node ${row.nodeId} (command ${row.id}); the node acknowledges it at its next heartbeat`);
    } finally {
      await store.close();
    }
  });

export const nodesCommand = new Command('nodes')
  .description('list worker nodes, or steer one (nodes command <node> pause|resume|drain|stop)')
  .addCommand(listCommand, { isDefault: true })
  .addCommand(commandCommand);
