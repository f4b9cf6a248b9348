/**
 * @module Running the functional checker on a design in a fresh sandboxed Python process.
 */
import type { Design } from '../core/design.js';
import { runSandboxed, type SandboxLimits, type SandboxResult } from '../runtime/index.js';
import { CheckReportSchema, type CheckOptions, type CheckReport } from './report.js';

/** Defaults sized for a micro check on 2 CPU cores; a GPU check of a big design needs more. */
export const DEFAULT_CHECK_LIMITS: SandboxLimits = {
  timeoutMs: 300_000,
  memoryMb: 8192,
  cpuSeconds: null,
  allowNetwork: false,
};

export interface RunCheckOptions {
  design: Design;
  options?: CheckOptions;
  limits?: Partial<SandboxLimits>;
  onStage?: (stage: string) => void;
  signal?: AbortSignal;
}

/** Checks a design; a sandbox that times out, runs out of memory or crashes becomes a failed report, never a throw. */
export async function runCheck({ design, options = {}, limits = {}, onStage, signal }: RunCheckOptions): Promise<CheckReport> {
  const fullLimits = { ...DEFAULT_CHECK_LIMITS, ...limits };
  const outcome = await runSandboxed({
    op: 'check',
    args: { design, options },
    limits: fullLimits,
    signal,
    onProgress: (data) => {
      if (onStage && typeof data.stage === 'string') onStage(data.stage);
    },
  });
  if (outcome.status === 'ok') return CheckReportSchema.parse(outcome.data);
  return sandboxFailureReport(design.name, outcome, fullLimits);
}

type SandboxFailure = Exclude<SandboxResult, { status: 'ok' }>;

function sandboxFailureReport(name: string, outcome: SandboxFailure, limits: SandboxLimits): CheckReport {
  const stage = outcome.lastProgress && typeof outcome.lastProgress.stage === 'string' ? outcome.lastProgress.stage : undefined;
  const during = stage ? ` during the ${stage} check` : '';
  let code: string;
  let message: string;
  switch (outcome.status) {
    case 'timeout':
      code = 'timeout';
      message = `the check was stopped after ${limits.timeoutMs / 1000} s${during}: look for an infinite loop or a per-token Python loop over a long sequence`;
      break;
    case 'killed':
      code = { memory: 'memory_limit', cpu: 'cpu_limit', aborted: 'aborted' }[outcome.reason];
      message = {
        memory: `the check used more than ${limits.memoryMb} MB of memory${during} and was stopped (peak ${Math.round(outcome.peakRssMb)} MB)`,
        cpu: `the check used more than ${limits.cpuSeconds} s of CPU time${during} and was stopped`,
        aborted: `the check was cancelled${during}`,
      }[outcome.reason];
      break;
    case 'crashed':
      code = 'crashed';
      message = `the check process died${during} (exit ${outcome.exitCode ?? '-'}, signal ${outcome.signal ?? '-'}): ${outcome.stderrTail.trim().split('\n').slice(-3).join(' | ')}`;
      break;
    case 'error':
      code = outcome.error.code === 'out_of_memory' ? 'memory_limit' : outcome.error.code;
      message = outcome.error.code === 'out_of_memory'
        ? `the check ran out of memory (limit ${limits.memoryMb} MB)${during}: ${outcome.error.message}`
        : `the checker failed${during}: ${outcome.error.message}`;
      break;
  }
  return CheckReportSchema.parse({
    design: name,
    passed: false,
    checks: [{
      name: 'sandbox',
      status: 'fail',
      summary: code,
      issues: [{ severity: 'error', code, message, unit: null, file: null, line: null, source: null, traceback: [] }],
    }],
  });
}
