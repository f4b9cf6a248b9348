// The built dashboard in headless Debian chromium against a server on loopback with a seeded
// store: every page renders (screenshots in .test-results/screenshots), tree → design → compare
// navigation, live events without reload, node commands, the 404 page, and the token.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/index.js';
import { appendEvent, takeNodeCommands } from '../src/store/index.js';
import { CHROMIUM_SKIP_REASON, ensureDashboardBuilt, launchChromium, screenshotPath } from './support/dashboard-browser.js';
import { EVOLUTION, openSeededStore, type SeededStore } from './support/dashboard-store.js';

if (CHROMIUM_SKIP_REASON) console.warn(`dashboard browser tests skipped: ${CHROMIUM_SKIP_REASON}`);

describe.skipIf(CHROMIUM_SKIP_REASON !== undefined)('dashboard in a browser', () => {
  let seeded: SeededStore;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = ensureDashboardBuilt();
    seeded = await openSeededStore();
    server = await startServer({ store: seeded, host: '127.0.0.1', port: 0, webRoot, pollIntervalMs: 100, log: (line) => console.error(line) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await seeded?.close();
  });

  const open = async (path: string, pageName: string) => {
    await page.goto(new URL(path, server.url).href);
    await page.locator(`[data-page="${pageName}"]`).waitFor();
  };
  const id = (name: string) => seeded.ids[name]!;

  it('renders every page', async () => {
    await open('/', 'overview');
    await page.getByRole('link', { name: 'child-a' }).first().waitFor();
    await expect(page.locator('.stat').first().textContent()).resolves.toContain('7');
    await page.screenshot({ path: screenshotPath('overview') });

    await open('/tree', 'tree');
    await page.locator('.evolution-tree[data-ready="true"]').waitFor();
    await expect(page.getByText('7 of 7 designs match').isVisible()).resolves.toBe(true);
    await page.getByLabel('filter by status').selectOption('verified');
    await page.getByText('5 of 7 designs match').waitFor();
    await page.screenshot({ path: screenshotPath('evolution-tree') });

    await open('/leaderboard', 'leaderboard');
    await page.getByRole('cell', { name: 'untrained baseline' }).waitFor();
    const names = await page.locator('table[aria-label="leaderboard micro-1"] tbody tr td:nth-child(3)').allTextContents();
    expect(names).toEqual(['untrained baseline', 'child-a', 'cross', 'gpt', 'child-b', 'mamba2']);
    await page.getByRole('button', { name: /held-out bpb/ }).click();
    const reversed = await page.locator('table[aria-label="leaderboard micro-1"] tbody tr td:nth-child(3)').allTextContents();
    expect(reversed.slice(1)).toEqual(['mamba2', 'child-b', 'gpt', 'cross', 'child-a']);
    await page.screenshot({ path: screenshotPath('leaderboard') });

    await open(`/designs/${id('child-a')}`, 'design');
    await page.locator('.line-chart canvas').first().waitFor();
    await page.getByRole('table', { name: 'held-out bits per byte by scale' }).getByText('untrained baseline').waitFor();
    await page.screenshot({ path: screenshotPath('design-summary') });
    await page.getByRole('tab', { name: 'Proposal & review' }).click();
    await page.getByRole('heading', { name: 'Gated mixer' }).waitFor();
    await page.getByRole('tab', { name: 'Units & code' }).click();
    await page.locator('.unit-tree[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: 'Gate', exact: true }).click();
    await page.getByLabel('code of Gate').getByText('gate = 1').waitFor();
    await page.screenshot({ path: screenshotPath('design-units') });
    await page.getByRole('tab', { name: 'Checker reports' }).click();
    await page.getByText('output at 3 changes when token 7 changes').waitFor();
    await page.getByRole('tab', { name: 'Verifications' }).click();
    await page.getByRole('cell', { name: 'micro-2' }).waitFor();

    await open('/nodes', 'nodes');
    await page.locator('tr[data-node="node-b"][data-status="paused"]').waitFor();
    await page.getByRole('cell', { name: 'loss became NaN at step 40' }).waitFor();
    await page.screenshot({ path: screenshotPath('nodes-and-jobs') });
  });

  it('goes from the tree to a design and on to comparing it with its parent', async () => {
    await open('/tree', 'tree');
    await page.locator('.evolution-tree[data-ready="true"]').waitFor();
    await page.getByLabel('find a design').fill('cross');
    await page.getByLabel('find a design').press('Enter');
    await page.getByRole('link', { name: 'Open cross' }).waitFor();
    // The found design is centred: a click in the middle of the graph lands on it.
    const box = (await page.locator('.evolution-tree').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(`**/designs/${id('cross')}`);
    await page.getByRole('heading', { name: /^cross/ }).waitFor();
    await page.getByRole('link', { name: 'Compare with parent' }).click();
    await page.waitForURL(/\/compare\?a=.*&b=.*/);
    await page.locator('[data-page="compare"] .unit-tree[data-ready="true"]').first().waitFor();
    await expect(page.locator('.unit-changes').textContent()).resolves.toMatch(/Scan.*added/);
    await page.getByText(/lines added/).waitFor();
    await page.screenshot({ path: screenshotPath('compare') });
  });

  it('shows a new event without a reload', async () => {
    await open('/', 'overview');
    await page.getByRole('list', { name: 'recent events' }).waitFor();
    await page.locator('.live-on').waitFor();
    await appendEvent(seeded.db, { kind: 'browser-live-check', evolution: EVOLUTION, data: { note: 'pushed' } });
    await page.locator('[data-event-kind="browser-live-check"]').waitFor();
  });

  it('sends a node command and shows the node obeying it', async () => {
    await open('/nodes', 'nodes');
    const row = page.locator('tr[data-node="node-a"]');
    await row.locator('[data-status="active"]').or(page.locator('tr[data-node="node-a"][data-status="active"]')).first().waitFor();
    await page.getByRole('button', { name: 'pause node-a' }).click();
    await page.getByText('pause sent to node-a').waitFor();
    await row.locator('.pending-commands', { hasText: 'pause' }).waitFor();
    await takeNodeCommands(seeded.db, { nodeId: 'node-a' });
    await page.locator('tr[data-node="node-a"][data-status="paused"]').waitFor();
    await expect(page.getByRole('button', { name: 'resume node-a' }).isEnabled()).resolves.toBe(true);
  });

  it('re-queues a failed job from the jobs table', async () => {
    await open('/nodes', 'nodes');
    await page.locator(`tr[data-job="${seeded.jobs.failed}"]`).getByRole('button', { name: 'Re-queue' }).click();
    await page.getByText(`job ${seeded.jobs.failed} re-queued as job`).waitFor();
  });

  it('shows the 404 page for an unknown design and an unknown address', async () => {
    await open('/designs/no-such-design', 'not-found');
    await page.getByText('no design with id no-such-design').waitFor();
    await page.screenshot({ path: screenshotPath('not-found') });
    await open('/no/such/page', 'not-found');
  });

  it('answers a malformed command with 400 and its reason', async () => {
    const response = await fetch(new URL('/api/nodes/node-a/commands', server.url), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'explode' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^command: /) });
  });

  it('needs the token on a server that requires one', async () => {
    const guarded = await startServer({ store: seeded, host: '127.0.0.1', port: 0, token: 'browser-secret', webRoot, log: () => undefined });
    try {
      const bare = await fetch(new URL('/api/overview', guarded.url));
      expect(bare.status).toBe(401);
      expect((await fetch(new URL('/api/overview', guarded.url), { headers: { authorization: 'Bearer browser-secret' } })).status).toBe(200);
      await page.goto(guarded.url);
      await page.getByText(/needs a token/).waitFor();
      await page.goto(new URL('/?token=browser-secret', guarded.url).href);
      await page.locator('[data-page="overview"] .stat').first().waitFor();
      expect(page.url()).not.toContain('token');
      await page.locator('.live-on').waitFor();
    } finally {
      await guarded.close();
    }
  });
});
