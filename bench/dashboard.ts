// Dashboard first-render times in headless Debian chromium with 2,000 designs in the store: from
// navigation to the evolution tree's first drawn frame (target < 2 s) and to the leaderboard's
// table (target < 1 s). Each round opens a fresh browser context (no cache); the first round also
// pays for the server's cold fitness computation.
import { startServer } from '../src/server/index.js';
import { migrate, openPgliteDb } from '../src/store/index.js';
import { CHROMIUM_SKIP_REASON, ensureDashboardBuilt, launchChromium } from '../test/support/dashboard-browser.js';
import { seedPopulation } from '../test/support/dashboard-store.js';

const DESIGNS = 2000;
const ROUNDS = 6;

interface PageBench {
  name: string;
  path: string;
  /** What marks the page as drawn. */
  ready: string;
  targetMs: number;
}

const PAGES: PageBench[] = [
  { name: 'evolution tree', path: '/tree', ready: '.evolution-tree[data-ready="true"]', targetMs: 2000 },
  { name: 'leaderboard', path: '/leaderboard', ready: 'table[aria-label^="leaderboard"] tbody tr:nth-child(100)', targetMs: 1000 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchDashboard(): Promise<Record<string, number>> {
  if (CHROMIUM_SKIP_REASON) {
    console.log(`dashboard: skipped: ${CHROMIUM_SKIP_REASON}`);
    return {};
  }
  const webRoot = ensureDashboardBuilt();
  const db = await openPgliteDb();
  await migrate(db);
  await seedPopulation(db, { evolution: 'bench', count: DESIGNS });
  await db.exec('ANALYZE');
  const server = await startServer({ store: { db }, host: '127.0.0.1', port: 0, webRoot, log: () => undefined });
  const browser = await launchChromium();
  const figures: Record<string, number> = {};
  const rows: string[][] = [];
  try {
    for (const bench of PAGES) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        const start = performance.now();
        await page.goto(new URL(bench.path, server.url).href);
        await page.locator(bench.ready).waitFor({ timeout: 60_000 });
        // Until the next frame is painted.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
        times.push(performance.now() - start);
        await context.close();
      }
      const [cold, ...warm] = times;
      const typical = median(warm);
      figures[`${bench.name.replace(/\s+/g, '')}ColdMs`] = cold!;
      figures[`${bench.name.replace(/\s+/g, '')}Ms`] = typical;
      rows.push([bench.name, String(DESIGNS), cold!.toFixed(0), typical.toFixed(0), Math.max(...warm).toFixed(0), `< ${bench.targetMs}`,
        Math.max(cold!, typical) < bench.targetMs ? 'yes' : 'NO']);
    }
  } finally {
    await browser.close();
    await server.close();
    await db.close();
  }
  const header = ['page', 'designs', 'first (cold) ms', `median of ${ROUNDS - 1} ms`, 'worst ms', 'target ms', 'met'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  console.log('\ndashboard: first render in headless chromium (1366×768, fresh context per round)');
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  return figures;
}
