/**
 * `genesys init`, `evolve`, `status` and `report` as a user runs them (synthetic verifier and
 * static checker, so it takes seconds), and their errors on bad input.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const workspace = mkdtempSync(join(tmpdir(), 'genesys-evolve-cli-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function genesys(...args: string[]) {
  return runCli(args, { timeoutMs: 300_000 });
}

describe('genesys init, evolve, status, report', () => {
  it('creates a workspace with a commented config, runs an evolution from it and reports on it', () => {
    const init = genesys('init', '--workspace', workspace);
    expect(init.status, init.stderr).toBe(0);
    const configPath = join(workspace, 'genesys.config.yaml');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toMatch(/^ladder: cpu-micro$/m);
    expect(config).toMatch(/# Seeds every random choice/);
    expect(genesys('init', '--workspace', workspace).stderr).toMatch(/already exists/);
    writeFileSync(configPath, config.replace(/mode: sandbox/, 'mode: static').replace(/mode: train/, 'mode: synthetic'));

    const evolve = genesys('evolve', '--workspace', workspace, '--budget', 'micro-1=7,micro-2=1,micro-3=0');
    expect(evolve.status, evolve.stderr).toBe(0);
    expect(evolve.stderr).toMatch(/finished after \d+ generation/);
    const again = genesys('evolve', '--workspace', workspace);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already run.*\n.*--resume/);

    const status = genesys('status', '--workspace', workspace);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/micro-1 +budget 7\/7 · 7 verified · best \S+ \d\.\d{3} bpb/);
    expect(status.stdout).toMatch(/micro-2 +budget 1\/1/);
    const json = JSON.parse(genesys('status', '--workspace', workspace, '--json').stdout);
    expect(json.config.verify.mode).toBe('synthetic');

    const report = genesys('report', '--workspace', workspace);
    expect(report.status, report.stderr).toBe(0);
    const out = join(workspace, 'reports', 'default');
    expect(readFileSync(join(out, 'leaderboard.md'), 'utf8')).toMatch(/## micro-1[\s\S]*\| 1 \| /);
    expect(readFileSync(join(out, 'lineage.md'), 'utf8')).toMatch(/# Lineage of the best designs/);
    for (const plot of ['fitness-over-time', 'loss-vs-params', 'designs-vs-seeds']) {
      expect(readFileSync(join(out, `${plot}.svg`), 'utf8')).toMatch(/^<svg/);
      expect(readFileSync(join(out, `${plot}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('refuses bad flags and config files with a clear message, storing nothing', () => {
    const bad = mkdtempSync(join(tmpdir(), 'genesys-evolve-bad-'));
    try {
      expect(genesys('evolve', '--workspace', bad, '--budget', 'huge=3').stderr).toMatch(/ladder cpu-micro has no scale huge/);
      writeFileSync(join(bad, 'broken.yaml'), 'budget: [oops');
      expect(genesys('evolve', '--workspace', bad, '--config', join(bad, 'broken.yaml')).stderr).toMatch(/not valid YAML/);
      writeFileSync(join(bad, 'wrong.yaml'), 'generation:\n  designs: -1\n');
      expect(genesys('evolve', '--workspace', bad, '--config', join(bad, 'wrong.yaml')).stderr).toMatch(/generation\.designs/);
      expect(genesys('status', '--workspace', bad, '--evolution', 'nope').stderr).toMatch(/no evolution named nope/);
      expect(existsSync(join(bad, 'reports'))).toBe(false);

      // Designer settings that would fail every design job are refused before anything is stored.
      const quick = ['--workspace', bad, '--verify', 'synthetic', '--check', 'static', '--budget', 'micro-1=7,micro-2=0,micro-3=0'];
      const unknown = genesys('evolve', ...quick, '--designer', 'foo');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/unknown designer foo\nhint: designers: library, llm, direct/);
      const noKey = runCli(['evolve', ...quick, '--designer', 'llm', '--model', 'openai:gpt-4o-mini', '--model', 'coder=ollama:qwen2.5-coder'], { env: { OPENAI_API_KEY: '' } });
      expect(noKey.stderr).toMatch(/model openai:gpt-4o-mini needs an API key in \$OPENAI_API_KEY\nhint: export OPENAI_API_KEY=/);
      expect(genesys('evolve', ...quick, '--designer', 'llm').stderr).toMatch(/the LLM designer has no model for: proposer, reviewer, planner, coder, observer/);
      expect(genesys('status', '--workspace', bad).stderr).toMatch(/no evolution named default/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('stops with exit code 1 when every design job fails three generations in a row, and --resume goes on', () => {
    const failing = mkdtempSync(join(tmpdir(), 'genesys-evolve-failing-'));
    try {
      // Replaying from an empty cache: every proposer call misses, so every design job fails.
      const args = ['evolve', '--workspace', failing, '--verify', 'synthetic', '--check', 'static', '--budget', 'micro-1=7,micro-2=0,micro-3=0', '--designer', 'llm', '--model', 'openai:gpt-4o-mini', '--replay'];
      const run = genesys(...args);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/designer-failing after 3 generation\(s\) in this run — every design job of the last 3 generations failed \(last: replay: no cached reply for the proposer call/);
      const resumed = genesys(...args, '--resume');
      expect(resumed.stderr).toMatch(/designer-failing after 3 generation\(s\) in this run/);
    } finally {
      rmSync(failing, { recursive: true, force: true });
    }
  });
});
