/**
 * @module The live feed behind `GET /api/stream`: one poller per server, running only while some
 * browser listens. Each tick it pushes new events (tailed by id, see event-cursor.ts), jobs whose
 * row changed, the node list when it changed, and which other topics (designs, verifications,
 * costs, budgets) changed, so pages refetch only what they show.
 */
import { JOB_COLUMNS, JobRowSchema, EventRowSchema, type Db } from '../store/index.js';
import type { LiveMessage, LiveTopic } from './api-types.js';
import { createEventCursor, type EventCursor } from './event-cursor.js';
import { EVENT_COLUMNS } from './views/events.js';
import { jobSummary, nodeViews } from './views/operations.js';

export interface LiveFeed {
  /** Starts polling with the first listener; the returned function unsubscribes. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
  close(): void;
}

export interface LiveFeedOptions {
  db: Db;
  /** Between the end of one poll and the start of the next (ms, default 1000). */
  intervalMs?: number;
  log?: (line: string) => void;
}

// Jobs change inside transactions that commit a little after their `updated_at`; re-reading this
// far back (seconds) and remembering what was sent catches them exactly once.
const JOB_WINDOW_SECONDS = 10;
const EVENT_GAP_TTL_MS = 30_000;
const BATCH = 500;

const TOPIC_DIGEST = `SELECT
  (SELECT count(*) || ':' || coalesce(max(created_at)::text, '') FROM designs)
    || '/' || (SELECT count(*) FROM proposals) || '/' || (SELECT count(*) FROM reviews) || '/' || (SELECT count(*) FROM implementation_attempts) AS designs,
  (SELECT count(*) || ':' || coalesce(sum(extract(epoch FROM updated_at)), 0) FROM verifications) AS verifications,
  (SELECT count(*)::text FROM llm_calls) AS costs,
  (SELECT count(*) || ':' || coalesce(sum(used), 0) || ':' || coalesce(sum(total), 0) FROM budgets) AS budgets`;

interface PollState {
  events: EventCursor;
  jobsSent: Map<number, string>;
  nodes: string;
  topics: Record<string, string>;
}

export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { db } = options;
  const listeners = new Set<(message: LiveMessage) => void>();
  let state: PollState | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let closed = false;
  let lastError = '';

  const broadcast = (message: LiveMessage) => {
    for (const listener of listeners) listener(message);
  };

  const nodesDigest = (nodes: Awaited<ReturnType<typeof nodeViews>>) =>
    JSON.stringify(nodes.map(({ heartbeatAgeSeconds: _age, ...node }) => node));

  async function readTopics(): Promise<Record<string, string>> {
    const { rows } = await db.query(TOPIC_DIGEST);
    return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([key, value]) => [key, String(value)]));
  }

  async function readJobs(): Promise<{ now: string; jobs: ReturnType<typeof jobSummary>[] }> {
    const { rows } = await db.query(
      `SELECT ${JOB_COLUMNS}, now() AS "dbNow" FROM jobs j WHERE j.updated_at > now() - $1 * interval '1 second' ORDER BY j.updated_at, j.id`,
      [JOB_WINDOW_SECONDS]);
    return { now: String(rows[0]?.dbNow ?? ''), jobs: rows.map((row) => jobSummary(JobRowSchema.parse(row))) };
  }

  async function initialState(): Promise<PollState> {
    const { rows } = await db.query('SELECT coalesce(max(id), 0)::bigint AS id FROM events');
    const { jobs } = await readJobs();
    return {
      events: createEventCursor({ after: Number(rows[0]?.id ?? 0), gapTtlMs: EVENT_GAP_TTL_MS }),
      jobsSent: new Map(jobs.map((job) => [job.id, job.updatedAt])),
      nodes: nodesDigest(await nodeViews(db)),
      topics: await readTopics(),
    };
  }

  async function poll(current: PollState): Promise<void> {
    const { after, gaps } = current.events.next();
    const events = await db.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE id > $1 OR id = ANY($2::bigint[]) ORDER BY id LIMIT $3`, [after, gaps, BATCH]);
    const rows = events.rows.map((row) => EventRowSchema.parse(row));
    const fresh = new Set(current.events.accept(rows.map((row) => row.id), Date.now()));
    if (fresh.size > 0) broadcast({ type: 'events', events: rows.filter((row) => fresh.has(row.id)) });

    const { jobs } = await readJobs();
    const changed = jobs.filter((job) => current.jobsSent.get(job.id) !== job.updatedAt);
    current.jobsSent = new Map(jobs.map((job) => [job.id, job.updatedAt]));
    if (changed.length > 0) broadcast({ type: 'jobs', jobs: changed });

    const nodes = await nodeViews(db);
    const digest = nodesDigest(nodes);
    if (digest !== current.nodes) {
      current.nodes = digest;
      broadcast({ type: 'nodes', nodes });
    }

    const topics = await readTopics();
    const moved = Object.keys(topics).filter((topic) => topics[topic] !== current.topics[topic]) as LiveTopic[];
    current.topics = topics;
    if (moved.length > 0) broadcast({ type: 'changed', topics: moved });
  }

  async function tick(): Promise<void> {
    if (closed || listeners.size === 0) return;
    running = true;
    try {
      if (!state) state = await initialState();
      else await poll(state);
      lastError = '';
    } catch (error) {
      // A database that went away (a restart) is retried at the next tick; say so once, not every second.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) options.log?.(`live feed: ${message}`);
      lastError = message;
    } finally {
      running = false;
    }
    if (!closed && listeners.size > 0) timer = setTimeout(() => void tick(), options.intervalMs ?? 1000);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && !running && !timer) void tick();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
          // The next listener starts from the store as it is then, not from a stale state.
          state = undefined;
        }
      };
    },
    close() {
      closed = true;
      clearTimeout(timer);
      listeners.clear();
    },
  };
}
