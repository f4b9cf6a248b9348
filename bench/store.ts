// Store benchmarks on both engines, side by side: job claims per second with 8 concurrent
// workers (claim + complete, each claim also sweeping expired leases), and the leaderboard query
// over 10,000 designs × 3 scales. PostgreSQL runs with its durable defaults (fsync on).
import { claimJob, completeJob, leaderboard, migrate, openPgliteDb, openPostgresDb, type Db } from '../src/store/index.js';
import { POSTGRES_SKIP_REASON, startPostgres } from '../test/support/postgres.js';

const WORKERS = 8;
const DESIGNS = 10_000;
const SCALES = ['s14m', 's31m', 's70m'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Claims and completes `jobs` noop jobs with 8 workers; returns claims per second. */
async function claimsPerSecond(db: Db, jobs: number): Promise<number> {
  await db.query(`INSERT INTO jobs (kind, payload) SELECT 'noop', jsonb_build_object('i', i) FROM generate_series(1, $1) AS i`, [jobs]);
  // Statistics as autovacuum would have them a minute later; without, the planner sorts the whole queue per claim.
  await db.exec('ANALYZE jobs');
  let claimed = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, async (_, worker) => {
    for (let job = await claimJob(db, { nodeId: `w${worker}`, kinds: ['noop'], leaseSeconds: 60 }); job;
      job = await claimJob(db, { nodeId: `w${worker}`, kinds: ['noop'], leaseSeconds: 60 })) {
      claimed += 1;
      await completeJob(db, { jobId: job.id, leaseToken: job.leaseToken, result: null });
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  if (claimed !== jobs) throw new Error(`claimed ${claimed} of ${jobs} jobs`);
  return jobs / seconds;
}

/** Fills 10,000 designs with a verification at each of 3 scales; returns the median leaderboard time (ms). */
async function leaderboardMs(db: Db): Promise<number> {
  await db.query(`INSERT INTO evolutions (name) VALUES ('bench')`);
  await db.query(
    `INSERT INTO designs (id, evolution, name, design_hash, origin, design)
     SELECT 'd' || i, 'bench', 'design-' || i, md5(i::text), 'bench', jsonb_build_object('name', 'design-' || i, 'root', 'Block', 'units', '{}'::jsonb)
     FROM generate_series(1, $1) AS i`, [DESIGNS]);
  await db.query(
    `INSERT INTO verifications (design_id, evolution, ladder, scale, status, record, held_out_bpb, held_out_loss, params)
     SELECT 'd' || i, 'bench', 'paper', scale, CASE WHEN i % 10 = 0 THEN 'diverged' ELSE 'ok' END, '{}'::jsonb,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + random() END, 1 + random(), 1000000
     FROM generate_series(1, $1) AS i CROSS JOIN unnest($2::text[]) AS scale`, [DESIGNS, SCALES]);
  await db.exec('ANALYZE');
  const times: number[] = [];
  for (let round = 0; round < 25; round += 1) {
    const start = performance.now();
    const board = await leaderboard(db, { evolution: 'bench', ladder: 'paper', limit: 10 });
    times.push(performance.now() - start);
    if (board.length !== SCALES.length * 10) throw new Error(`leaderboard returned ${board.length} rows`);
  }
  return median(times.slice(5));
}

async function measure(db: Db, jobs: number): Promise<{ claims: number; leaderboard: number }> {
  await migrate(db);
  return { claims: await claimsPerSecond(db, jobs), leaderboard: await leaderboardMs(db) };
}

export async function benchStore(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const lite = await openPgliteDb();
  try {
    const result = await measure(lite, 2000);
    figures.pgliteClaimsPerSecond = result.claims;
    figures.pgliteLeaderboardMs = result.leaderboard;
  } finally {
    await lite.close();
  }
  if (POSTGRES_SKIP_REASON) {
    console.log(`store: PostgreSQL skipped: ${POSTGRES_SKIP_REASON}`);
  } else {
    const server = await startPostgres({ fast: false });
    const db = await openPostgresDb({ url: await server.createDatabase('bench'), maxConnections: WORKERS + 2 });
    try {
      const result = await measure(db, 5000);
      figures.postgresClaimsPerSecond = result.claims;
      figures.postgresLeaderboardMs = result.leaderboard;
    } finally {
      await db.close();
      await server.stop();
    }
  }
  const cell = (value: number | undefined, digits: number) => (value === undefined ? 'skipped' : value.toFixed(digits)).padStart(12);
  console.log('\nstore                                       PostgreSQL      PGlite   target');
  console.log(`job claims/s, 8 workers (claim+complete) ${cell(figures.postgresClaimsPerSecond, 0)}${cell(figures.pgliteClaimsPerSecond, 0)}   >= 500 (PostgreSQL)`);
  console.log(`leaderboard, 10,000 designs x 3 scales ms ${cell(figures.postgresLeaderboardMs, 2)}${cell(figures.pgliteLeaderboardMs, 2)}   < 50`);
  return figures;
}
