// The checker end to end through the sandbox: hostile designs are stopped and the orchestrator carries on.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../src/checker/index.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { tinyDesign } from './fixtures/tiny-design.js';

const FAST = { d_model: 32, n_block: 1, seq_len: 32, train_steps: 6, reference: null };

function errorCodes(report: CheckReport): string[] {
  return report.checks.flatMap((check) => check.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code));
}

async function expectHealthy(): Promise<void> {
  const report = await runCheck({ design: tinyDesign('good'), options: FAST });
  expect(report.passed, JSON.stringify(errorCodes(report))).toBe(true);
}

describe('checker in the sandbox', () => {
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    server.close();
    await closeWorkerPool();
  });

  it('passes a correct design', async () => {
    await expectHealthy();
  });

  it('stops an infinite loop at the timeout and keeps going', async () => {
    const report = await runCheck({ design: tinyDesign('infinite_loop'), options: FAST, limits: { timeoutMs: 15_000 } });
    expect(report.passed).toBe(false);
    expect(errorCodes(report)).toEqual(['timeout']);
    expect(report.checks[0]!.issues[0]!.message).toMatch(/stopped after 15 s during the \w+ check/);
    await expectHealthy();
  });

  it('stops a memory bomb at the memory limit and keeps going', async () => {
    const report = await runCheck({ design: tinyDesign('memory_bomb'), options: FAST, limits: { memoryMb: 1500, timeoutMs: 60_000 } });
    expect(report.passed).toBe(false);
    expect(errorCodes(report)).toEqual(['memory_limit']);
    await expectHealthy();
  });

  it('refuses a network connection from design code', async () => {
    const report = await runCheck({ design: tinyDesign('network', { __PORT__: String(port) }), options: FAST });
    expect(report.passed).toBe(false);
    const messages = report.checks.flatMap((check) => check.issues.map((issue) => issue.message)).join('\n');
    expect(messages).toMatch(/PermissionError|Network is unreachable|network/i);
    expect(connections).toBe(0);
    await expectHealthy();
  });

  it('reports a crashing design at its unit file and line', async () => {
    const design = tinyDesign('runtime_error');
    const report = await runCheck({ design, options: FAST });
    expect(report.passed).toBe(false);
    const issue = report.checks.flatMap((check) => check.issues).find((candidate) => candidate.severity === 'error')!;
    expect(issue.file).toBe('units/Mixer.py');
    expect(design.units.Mixer!.code.split('\n')[issue.line! - 1]).toContain('self.gate.weight[:3]');
  });
});
