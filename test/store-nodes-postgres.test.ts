// Node processes on one real PostgreSQL server: several `genesys node` processes share the queue;
// one is killed with SIGKILL mid-job and its job is re-leased and completed exactly once; the
// server restarts mid-run and the nodes reconnect and finish; commands steer them across
// processes; a bad connection string is a clear error.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countJobs, enqueueJob, getJob, getNode, listJobAttempts, listNodeCommands, openPostgresDb, sendNodeCommand, type Db } from '../src/store/index.js';
import { POSTGRES_SKIP_REASON, startPostgres, type PostgresServer } from './support/postgres.js';
import { runCli, startCli } from './support/cli.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

interface NodeProcess {
  id: string;
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

function genesys(...args: string[]) {
  return runCli(args, { timeoutMs: 60_000 });
}

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)('genesys node processes on PostgreSQL', () => {
  let server: PostgresServer;
  let url: string;
  let db: Db;
  const processes: NodeProcess[] = [];

  function startNodeProcess(id: string): NodeProcess {
    const child = startCli(['node', '--db', url, '--id', id, '--role', 'all', '--heartbeat-seconds', '0.5',
      '--lease-seconds', '2', '--lost-after-seconds', '3', '--poll-seconds', '0.1']);
    child.stdout!.resume(); // nothing to read there; drained so the pipe never fills
    const log: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const node = { id, child, log, exited };
    processes.push(node);
    return node;
  }

  async function registered(id: string): Promise<void> {
    await until(async () => (await getNode(db, { id }))?.status === 'active');
  }

  /** Every job succeeded, each with exactly one succeeded attempt. */
  async function expectExactlyOnce(jobIds: number[]): Promise<void> {
    for (const jobId of jobIds) {
      expect((await getJob(db, { jobId }))!.status).toBe('succeeded');
      const succeeded = (await listJobAttempts(db, { jobId })).filter((attempt) => attempt.outcome === 'succeeded');
      expect(succeeded, `job ${jobId}`).toHaveLength(1);
    }
  }

  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase();
    db = await openPostgresDb({ url });
    // The first CLI call migrates the database before the nodes race to do it.
    expect(genesys('nodes', '--db', url, '--json').status).toBe(0);
  });

  afterAll(async () => {
    for (const node of processes) node.child.kill('SIGKILL');
    await db?.close();
    await server?.stop();
  });

  it('re-leases the job of a node killed with SIGKILL and completes it exactly once', async () => {
    const victim = startNodeProcess('victim');
    const others = [startNodeProcess('survivor-1'), startNodeProcess('survivor-2')];
    await Promise.all([victim, ...others].map((node) => registered(node.id)));
    // The survivors wait while the victim takes the long job.
    for (const node of others) await sendNodeCommand(db, { nodeId: node.id, command: 'pause' });
    await until(async () => (await getNode(db, { id: 'survivor-1' }))!.status === 'paused' && (await getNode(db, { id: 'survivor-2' }))!.status === 'paused');
    const { job: long } = await enqueueJob(db, { kind: 'sleep', payload: { ms: 5000 }, priority: 10 });
    await until(async () => (await getJob(db, { jobId: long.id }))!.nodeId === 'victim');
    victim.child.kill('SIGKILL');
    for (const node of others) await sendNodeCommand(db, { nodeId: node.id, command: 'resume' });
    const short = [];
    for (let index = 0; index < 20; index += 1) short.push((await enqueueJob(db, { kind: 'sleep', payload: { ms: 50 } })).job.id);

    await until(async () => (await getJob(db, { jobId: long.id }))!.status === 'succeeded');
    await until(async () => (await countJobs(db)).succeeded === 21);

    const attempts = await listJobAttempts(db, { jobId: long.id });
    expect(attempts.map((attempt) => attempt.nodeId)).toEqual(['victim', expect.stringMatching(/^survivor-/)]);
    expect(['expired', 'node-lost']).toContain(attempts[0]!.outcome);
    expect(attempts[1]!.outcome).toBe('succeeded');
    await expectExactlyOnce([long.id, ...short]);
    // Both survivors took part, and the killed node is reported lost.
    const ranOn = new Set((await db.query(`SELECT DISTINCT node_id FROM job_attempts WHERE outcome = 'succeeded'`)).rows.map((row) => row.node_id));
    expect(ranOn).toEqual(new Set(['survivor-1', 'survivor-2']));
    await until(async () => (await getNode(db, { id: 'victim' }))!.status === 'lost');
    const listed = JSON.parse(genesys('nodes', '--db', url, '--json').stdout) as { nodes: { id: string; status: string }[] };
    expect(listed.nodes.map((node) => [node.id, node.status]).sort()).toEqual([['survivor-1', 'active'], ['survivor-2', 'active'], ['victim', 'lost']]);
  });

  it('keeps working through a server restart: nodes reconnect and every job completes once', async () => {
    const ids = [];
    for (let index = 0; index < 40; index += 1) ids.push((await enqueueJob(db, { kind: 'sleep', payload: { ms: 100 } })).job.id);
    await until(async () => (await countJobs(db)).succeeded >= 25);
    await db.close();
    await server.restart(1500);
    db = await openPostgresDb({ url });
    await until(async () => (await countJobs(db)).succeeded === 61);
    await expectExactlyOnce(ids);
    const log = processes.find((node) => node.id === 'survivor-1')!.log.join('');
    expect(log).toMatch(/database unavailable|heartbeat failed|retry/);
  });

  it('steers nodes across processes: pause, resume, drain, each command acknowledged once', async () => {
    const [first, second] = processes.filter((node) => node.id.startsWith('survivor-'));
    for (const node of [first!, second!]) expect(genesys('nodes', 'command', node.id, 'pause', '--db', url).status).toBe(0);
    await until(async () => (await getNode(db, { id: first!.id }))!.status === 'paused' && (await getNode(db, { id: second!.id }))!.status === 'paused');
    const { job } = await enqueueJob(db, { kind: 'noop' });
    await sleep(1000);
    expect((await getJob(db, { jobId: job.id }))!.status).toBe('queued');
    expect(genesys('nodes', 'command', first!.id, 'resume', '--db', url).status).toBe(0);
    await until(async () => (await getJob(db, { jobId: job.id }))!.status === 'succeeded');
    expect((await getJob(db, { jobId: job.id }))!.nodeId).toBeNull();
    expect((await listJobAttempts(db, { jobId: job.id }))[0]!.nodeId).toBe(first!.id);

    for (const node of [first!, second!]) expect(genesys('nodes', 'command', node.id, 'drain', '--db', url).status).toBe(0);
    expect(await first!.exited).toBe(0);
    expect(await second!.exited).toBe(0);
    const commands = await listNodeCommands(db, { nodeId: first!.id });
    expect(commands.map((command) => [command.command, command.statusAfter])).toEqual([
      ['pause', 'paused'], ['resume', 'active'], ['pause', 'paused'], ['resume', 'active'], ['drain', 'draining'],
    ]);
    expect(commands.every((command) => command.acknowledgedAt !== null)).toBe(true);
    expect((await getNode(db, { id: first!.id }))!.status).toBe('stopped');
    // Stopped nodes leave the default listing; --all keeps them.
    const listed = (...flags: string[]) => (JSON.parse(genesys('nodes', '--db', url, '--json', ...flags).stdout) as { nodes: { id: string }[] }).nodes.map((node) => node.id);
    expect(listed()).not.toContain(first!.id);
    expect(listed('--all')).toEqual(expect.arrayContaining([first!.id, second!.id]));
    expect(genesys('nodes', '--db', url).stderr).toMatch(/\d+ stopped nodes? not shown \(--all lists them\)/);
  });

  it('finishes the running job on SIGTERM, then exits', async () => {
    const node = startNodeProcess('terminated');
    await registered(node.id);
    const { job } = await enqueueJob(db, { kind: 'sleep', payload: { ms: 1500 } });
    await until(async () => (await getJob(db, { jobId: job.id }))!.status === 'running');
    node.child.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    expect((await getJob(db, { jobId: job.id }))!.status).toBe('succeeded');
    expect((await getNode(db, { id: node.id }))!.status).toBe('stopped');
  });

  it('explains a wrong connection string: refused port, unknown database, not a URL', () => {
    const refused = genesys('nodes', '--db', `postgres://genesys@127.0.0.1:1/genesys`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('connection refused by genesys@127.0.0.1:1/genesys; nothing was changed');
    expect(refused.stderr).toContain('hint: is PostgreSQL running');
    const missing = genesys('nodes', '--db', server.url('no_such_database'));
    expect(missing.stderr).toContain(`the database of genesys@127.0.0.1:${server.port}/no_such_database does not exist`);
    const garbage = genesys('nodes', '--db', 'mysql://root:secret@db/x');
    expect(garbage.stderr).toContain('not a PostgreSQL URL: mysql://root:***@db/x');
  });
});
