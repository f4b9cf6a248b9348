// Imports the original system's designs (../shared/reference/genesys) and checks them: the
// compatibility figures of the foundation issue. Shared by `npm run compat` and the test.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck, type CheckReport } from '../../src/checker/index.js';
import { readDesignFolder } from '../../src/core/design-folder.js';
import { importGenesys } from '../../src/interop/genesys/index.js';
import { REFERENCE } from './paths.js';

export interface CompatRow {
  design: string;
  status: string;
  passed: boolean;
  reason: string | null;
  unit: string | null;
  seconds: number;
}

/** Imports designs.jsonl and every core seed into a fresh folder; returns design name -> original status. */
export async function importReference(): Promise<{ folder: string; statuses: Map<string, string> }> {
  const folder = await mkdtemp(join(tmpdir(), 'genesys-reference-'));
  const sources = [join(REFERENCE, 'designs.jsonl'), ...(await readdir(join(REFERENCE, 'core'))).map((file) => join(REFERENCE, 'core', file))];
  const statuses = new Map<string, string>();
  for (const source of sources) {
    const result = await importGenesys({ source, out: folder });
    const core = source.includes(`${join('core', '')}`);
    for (const design of result.designs) statuses.set(design.name, core ? 'core seed' : design.status);
  }
  return { folder, statuses };
}

function firstError(report: CheckReport): { reason: string; unit: string | null } | null {
  for (const check of report.checks) {
    const issue = check.issues.find((candidate) => candidate.severity === 'error');
    if (issue) return { reason: `${check.name}/${issue.code}`, unit: issue.unit };
  }
  return null;
}

/** Checks the named imported designs one after another (each in its own sandbox). */
export async function checkReference(folder: string, statuses: Map<string, string>, names: string[],
  onRow?: (row: CompatRow) => void): Promise<CompatRow[]> {
  const rows: CompatRow[] = [];
  for (const name of names) {
    const started = performance.now();
    const report = await runCheck({ design: await readDesignFolder(join(folder, name)) });
    const error = firstError(report);
    const row = {
      design: name,
      status: statuses.get(name) ?? 'unknown',
      passed: report.passed,
      reason: error?.reason ?? null,
      unit: error?.unit ?? null,
      seconds: (performance.now() - started) / 1000,
    };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}
