/**
 * @module `genesys node`: run a worker node on this machine until stopped (a command from
 * `genesys nodes command`, or SIGINT/SIGTERM: the first drains, the second releases running jobs).
 */
import { Command } from 'commander';
import { z } from 'zod';
import { registerStageJobs } from '../../jobs/index.js';
import { startNode } from '../../nodes/index.js';
import { closeWorkerPool, HAS_NVIDIA_GPU, splitCoresBetweenRuns } from '../../runtime/index.js';
import { NodeRoleSchema, describeUrl, openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  role: NodeRoleSchema.default('all'),
  db: z.string().optional(),
  workspace: z.string().optional(),
  concurrency: z.coerce.number().int().positive().default(1),
  id: z.string().min(1).optional(),
  heartbeatSeconds: z.coerce.number().positive().default(5),
  leaseSeconds: z.coerce.number().positive().default(60),
  lostAfterSeconds: z.coerce.number().positive().default(60),
  pollSeconds: z.coerce.number().positive().default(1),
  graceSeconds: z.coerce.number().nonnegative().optional(),
  json: z.boolean().default(false),
});

export const nodeCommand = new Command('node')
  .description('run a worker node: register, heartbeat, pull jobs of its role from the store and run them')
  .option('--role <role>', 'design, verify or all', 'all')
  .option('--db <url>', 'postgres:// URL of the shared database (default: GENESYS_DB, else PGlite in the workspace)')
  .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
  .option('--concurrency <n>', 'jobs run at once', '1')
  .option('--id <id>', 'node id (default: GENESYS_NODE_ID or <hostname>-<random>)')
  .option('--heartbeat-seconds <s>', 'heartbeat and command poll interval', '5')
  .option('--lease-seconds <s>', 'job lease length; renewed every third of it', '60')
  .option('--lost-after-seconds <s>', 'silence after which a node is declared lost and its jobs re-queued', '60')
  .option('--poll-seconds <s>', 'wait between claims on an empty queue', '1')
  .option('--grace-seconds <s>', 'on a stop signal, release running jobs after this long (default: let them finish)')
  .option('--json', 'print one JSON document {id, jobs} when the node ends')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    registerStageJobs();
    // Several runs on a CPU machine each get a share of the cores (see runtime/torch-threads.ts).
    if (flags.role !== 'design' && !HAS_NVIDIA_GPU) splitCoresBetweenRuns(flags.concurrency);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true, maxConnections: flags.concurrency + 3 });
    const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
    try {
      log(`store: ${store.location.url ? describeUrl(store.location.url) : `PGlite in ${store.location.workspace}`}`);
      const node = await startNode({ ...flags, db: store.db, workspace: store.location.workspace, artifacts: store.location.artifacts, log });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        log(`node ${node.id}: ${signal}: ${signals === 1 ? 'finishing running jobs (send again to release them)' : 'releasing running jobs'}`);
        node.stop(signals === 1 ? 'drain' : 'release');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const exit = await node.done;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (flags.json) process.stdout.write(`${JSON.stringify(exit, null, 2)}\n`);
    } finally {
      await store.close();
      // Design jobs start sandboxed Python workers that would keep a drained node alive.
      await closeWorkerPool();
    }
  });
