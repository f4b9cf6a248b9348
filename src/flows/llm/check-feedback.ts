/**
 * @module The checker's report as agents see it: the rendered report without what varies from run
 * to run (wall time; the timings of an efficiency check that did not fail, whose pass/warn verdict
 * flips with machine load), so the same code always gives the same prompt — and a replayed session
 * finds its cached replies. A failed efficiency check keeps its numbers: they are the feedback.
 */
import { renderCheckReport, type CheckReport } from '../../checker/index.js';

/** Checks whose passing summary is a measurement (times, memory) rather than a fact about the code. */
const MEASURED_CHECKS = new Set(['efficiency']);

export function renderReportForPrompt(report: CheckReport): string {
  return renderCheckReport({
    ...report,
    durationS: undefined,
    checks: report.checks.map((check) => (MEASURED_CHECKS.has(check.name) && check.status !== 'fail'
      ? { ...check, status: 'pass' as const, summary: 'within limits', issues: [] }
      : check)),
  });
}
