/**
 * `genesys doctor` as a user runs it, with each missing piece faked: no torch, no Python, no
 * database, no key, a key the server refuses, a model the server does not serve, no data, damaged
 * data, a bad config. Each is reported with its fix, keys are never printed, and the exit code is
 * non-zero exactly when something required is missing.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLadder } from '../src/config/index.js';
import { DoctorReportSchema, type DoctorReport } from '../src/doctor/index.js';
import { artifactsCheck } from '../src/doctor/artifacts-check.js';
import { dataCheck } from '../src/doctor/data-check.js';
import { llmChecks } from '../src/doctor/llm-check.js';
import { storeCheck } from '../src/doctor/store-check.js';
import { findPython } from '../src/runtime/index.js';
import { runCli, runCliAsync, type CliResult } from './support/cli.js';
import { prepareTinyDataset } from './support/tiny-dataset.js';

const scratch = mkdtempSync(join(tmpdir(), 'genesys-doctor-'));
const SECRET = 'sk-doctor-test-secret-0123456789';
let server: Server;
let baseUrl: string;
let closedPort: number;

function report(result: CliResult): DoctorReport {
  return DoctorReportSchema.parse(JSON.parse(result.stdout));
}

function check(result: CliResult, id: string) {
  const found = report(result).checks.find((candidate) => candidate.id === id);
  expect(found, `${id} in ${result.stdout}`).toBeDefined();
  return found!;
}

function doctor(args: string[], env: Record<string, string> = {}): CliResult {
  return runCli(['doctor', '--no-bench', '--json', ...args], { env: { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GENESYS_DB: '', ...env }, timeoutMs: 120_000 });
}

beforeAll(async () => {
  // An OpenAI-style model list that wants our key.
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.headers.authorization !== `Bearer ${SECRET}`) {
      response.writeHead(401).end(JSON.stringify({ error: { message: 'bad key' } }));
      return;
    }
    response.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }, { id: 'qwen2.5-coder', object: 'model' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  // A port nothing listens on (fetch refuses the well-known low ports outright).
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe('genesys doctor', () => {
  it('passes on a set-up workspace, and measures BLAS speed unless told not to', async () => {
    const workspace = join(scratch, 'ready');
    expect(runCli(['init', '--workspace', workspace]).status).toBe(0);
    expect(runCli(['data', 'prepare', '--ladder', 'cpu-micro', '--workspace', workspace, '--max-documents', '20'], { timeoutMs: 120_000 }).status).toBe(0);
    const result = runCli(['doctor', '--json', '--workspace', workspace], { env: { GENESYS_DB: '' }, timeoutMs: 120_000 });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(report(result).ok).toBe(true);
    expect(check(result, 'python')).toMatchObject({ status: 'ok', details: { python: (await findPython()).executable, torch: expect.any(String), threads: expect.any(Number) } });
    expect(check(result, 'blas').details).toMatchObject({ gflops: expect.any(Number) });
    expect(check(result, 'store')).toMatchObject({ status: 'ok', details: { schemaVersion: expect.any(Number) } });
    expect(check(result, 'store').summary).toMatch(/schema version \d+ \(current\)/);
    expect(check(result, 'data').status).toBe('ok');
    expect(check(result, 'llm').status).toBe('skip');
    expect(check(result, 'disk').status).toBe('ok');
    expect(check(result, 'artifacts')).toMatchObject({ status: 'ok', details: { path: join(workspace, 'artifacts') } });

    const text = runCli(['doctor', '--no-bench', '--workspace', workspace], { env: { GENESYS_DB: '' }, timeoutMs: 120_000 });
    expect(text.stdout).toMatch(/✓ store +PGlite in .*schema version/);
    expect(text.stdout).toMatch(/^ready/m);
  });

  it('reports a Python without torch, and no Python at all, with the install fix (exit 1)', () => {
    // A real interpreter that cannot import torch: a shadowing torch package that fails to import.
    const fake = join(scratch, 'no-torch');
    mkdirSync(join(fake, 'torch'), { recursive: true });
    writeFileSync(join(fake, 'torch', '__init__.py'), 'raise ImportError("No module named torch (faked by the test)")\n');
    const wrapper = join(scratch, 'python-without-torch');
    writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${fake} exec python3 "$@"\n`);
    chmodSync(wrapper, 0o755);
    const noTorch = doctor(['--workspace', join(scratch, 'none')], { GENESYS_PYTHON: wrapper });
    expect(noTorch.status).toBe(1);
    expect(check(noTorch, 'python')).toMatchObject({ status: 'fail', required: true });
    expect(check(noTorch, 'python').summary).toMatch(/cannot import torch.*faked by the test/);
    expect(check(noTorch, 'python').fix).toMatch(/apt-get install -y python3-torch libopenblas0-pthread.*GENESYS_PYTHON/);

    const noPython = doctor(['--workspace', join(scratch, 'none')], { GENESYS_PYTHON: join(scratch, 'no-such-python') });
    expect(noPython.status).toBe(1);
    expect(check(noPython, 'python').summary).toMatch(/GENESYS_PYTHON=.*no-such-python does not run/);
  });

  it('reports an unreachable database and a missing workspace, each with its fix', async () => {
    const refused = await storeCheck({ db: `postgres://genesys@127.0.0.1:${closedPort}/genesys` });
    expect(refused).toMatchObject({ status: 'fail', required: true });
    expect(refused.summary).toContain(`127.0.0.1:${closedPort}`);
    expect(refused.fix).toBeTruthy();

    const missing = await storeCheck({ workspace: join(scratch, 'not-yet'), env: {} });
    expect(missing).toMatchObject({ status: 'warn' });
    expect(missing.fix).toMatch(/genesys init/);
  });

  it('reports a missing key without printing keys, a refused key, and a model the server does not serve', async () => {
    const workspace = join(scratch, 'none');
    const noKey = doctor(['--workspace', workspace, '--model', 'openai:gpt-4o-mini']);
    expect(noKey.status).toBe(1);
    expect(check(noKey, 'llm')).toMatchObject({ status: 'fail', required: true, fix: 'export OPENAI_API_KEY=…' });

    const env = { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: baseUrl, GENESYS_DB: '', ANTHROPIC_API_KEY: '' };
    const args = ['doctor', '--no-bench', '--json', '--workspace', workspace, '--model'];
    const good = await runCliAsync([...args, 'openai:gpt-4o-mini'], { env });
    expect(check(good, 'llm')).toMatchObject({ status: 'ok' });
    expect(check(good, 'llm').summary).toMatch(/key from \$OPENAI_API_KEY; http:\/\/127\.0\.0\.1:\d+\/v1 answers \(HTTP 200\)/);
    expect(good.stdout + good.stderr).not.toContain(SECRET);

    const llm = (model: string, env: Record<string, string>) =>
      llmChecks({ designer: 'llm', models: { default: model }, modelSettings: {}, env }).then((checks) => checks[0]!);
    const refused = await llm('openai:gpt-4o-mini', { ...env, OPENAI_API_KEY: 'sk-wrong' });
    expect(refused).toMatchObject({ status: 'fail', fix: 'check $OPENAI_API_KEY' });
    expect(refused.summary).toMatch(/refused the key \(HTTP 401\)/);

    const unserved = await llm('openai:no-such-model', env);
    expect(unserved).toMatchObject({ status: 'warn' });
    expect(unserved.summary).toMatch(/does not list no-such-model \(it serves: gpt-4o-mini, qwen2\.5-coder\)/);

    const down = await llm('openai-compatible:qwen', { GENESYS_LLM_BASE_URL: `http://127.0.0.1:${closedPort}/v1` });
    expect(down).toMatchObject({ status: 'fail', required: true });
    expect(down.summary).toMatch(/unreachable \(ECONNREFUSED\)/);

    const offline = await llmChecks({ designer: 'library', models: {}, modelSettings: {}, env: { OPENAI_API_KEY: SECRET } });
    expect(offline).toEqual([expect.objectContaining({ status: 'skip', required: false, summary: 'designer library needs no LLM (keys present: OPENAI_API_KEY)' })]);
  });

  it('reports an artifact folder this machine cannot create', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const blocked = await artifactsCheck({ artifacts: join(file, 'artifacts'), shared: true });
    expect(blocked).toMatchObject({ status: 'fail', required: true });
    expect(blocked.summary).toMatch(/GENESYS_ARTIFACTS\) cannot be created: .*a-file is not a folder/);
    expect(blocked.fix).toMatch(/every node can write/);
    expect(await artifactsCheck({ artifacts: join(scratch, 'new', 'artifacts'), shared: true })).toMatchObject({ status: 'ok' });
  });

  it('reports data that is missing, configured but absent, or of the wrong tokenizer', async () => {
    const workspace = join(scratch, 'data-cases');
    const fresh = await dataCheck({ ladder: getLadder('cpu-micro'), workspace });
    expect(fresh).toMatchObject({ status: 'warn', required: false });
    expect(fresh.fix).toMatch(/genesys data prepare --ladder cpu-micro --workspace/);

    const absent = await dataCheck({ ladder: getLadder('cpu-micro'), workspace, dataDir: join(scratch, 'absent-data') });
    expect(absent).toMatchObject({ status: 'fail', required: true });
    expect(absent.summary).toMatch(/no dataset at .*absent-data/);

    // A byte-level dataset where the paper ladder needs GPT-2 tokens.
    mkdirSync(join(scratch, 'byte-data'));
    const byteData = await prepareTinyDataset(join(scratch, 'byte-data'));
    const wrong = await dataCheck({ ladder: getLadder('paper'), workspace, dataDir: byteData });
    expect(wrong).toMatchObject({ status: 'fail' });
    expect(wrong.summary).toMatch(/uses the byte tokenizer; ladder paper needs gpt2/);
    expect(wrong.fix).toMatch(/--force/);
  });

  it('reports a config file it cannot use, and goes on with the defaults', () => {
    const workspace = join(scratch, 'bad-config');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'genesys.config.yaml'), 'generation:\n  desings: 3\n');
    const result = doctor(['--workspace', workspace]);
    expect(result.status).toBe(1);
    expect(check(result, 'config').summary).toMatch(/unknown setting generation\.desings/);
    expect(check(result, 'python').status).toBe('ok');
  });

});
