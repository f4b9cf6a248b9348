/**
 * @module Human-readable text for a check report: what failed, in which unit file and line, and why.
 */
import type { CheckIssue, CheckReport, CheckResult } from './report.js';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

function where(issue: CheckIssue): string {
  if (!issue.file) return '';
  return issue.line ? `${issue.file}:${issue.line}` : issue.file;
}

function renderIssue(issue: CheckIssue): string[] {
  const location = where(issue);
  // Exception messages can span lines (torch lists overloads); keep them inside the issue's indentation.
  const message = issue.message.trim().split('\n').join('\n      ');
  const lines = [`  ${issue.severity === 'error' ? 'error' : 'warning'} [${issue.code}]${location ? ` ${location}` : ''}: ${message}`];
  if (issue.source) lines.push(`      > ${issue.source}`);
  const designFrames = issue.traceback.filter((frame) => frame.unit);
  for (const frame of designFrames.slice(-3)) {
    lines.push(`      at ${frame.file}:${frame.line ?? '?'} in ${frame.function}: ${frame.source}`);
  }
  return lines;
}

/** Renders the report as text: one line per check, then its issues with file:line references. */
export function renderCheckReport(report: CheckReport): string {
  const lines = [`Design ${report.design ?? '(unnamed)'}: ${report.passed ? 'PASSED' : 'FAILED'}` +
    (report.durationS !== undefined ? ` in ${report.durationS.toFixed(1)} s` : '')];
  if (report.parameters) {
    lines.push(`  parameters: ${report.parameters.total.toLocaleString('en-US')} total, ` +
      `${report.parameters.nonEmbedding.toLocaleString('en-US')} without embedding`);
  }
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${check.name}${check.summary ? ` — ${check.summary}` : ''}`);
    for (const issue of check.issues) lines.push(...renderIssue(issue));
  }
  return `${lines.join('\n')}\n`;
}
