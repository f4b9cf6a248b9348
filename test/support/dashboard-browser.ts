// Headless Debian chromium for the dashboard's browser tests and benchmark, and the built
// dashboard they load (rebuilt when a file under web/ is newer than the build).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_SKIP_REASON = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (bash scripts/setup.sh --tests installs Debian's chromium)`;
export const WEB_ROOT = join(REPO_ROOT, 'dist', 'web');
export const SCREENSHOTS = join(REPO_ROOT, '.test-results', 'screenshots');

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The dashboard's build folder, built first when missing or older than its sources. */
export function ensureDashboardBuilt(): string {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newestMtime(join(REPO_ROOT, 'web'))) {
    // The test runner sets NODE_ENV=test, which would give React's development build.
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return WEB_ROOT;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Where a screenshot named `name` goes (the folder is created). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
