/**
 * @module `genesys check`: static and functional checks of designs or unit files, run as `check`
 * jobs (in this process by default; by the nodes of a shared database with `--db`).
 */
import { Command } from 'commander';
import { z } from 'zod';
import { analyzeUnitsInPool, CheckReportSchema, designsFromPaths, renderCheckReport, type CheckReport } from '../../checker/index.js';
import { CHECK_JOB, runQueued, type CheckJobPayload } from '../../jobs/index.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  json: z.boolean().default(false),
  dModel: z.coerce.number().int().positive().optional(),
  nBlock: z.coerce.number().int().positive().optional(),
  seqLen: z.coerce.number().int().min(4).optional(),
  device: z.string().optional(),
  unitTests: z.boolean().default(true),
  reference: z.string().optional(),
  timeout: z.coerce.number().positive().default(300),
  memoryMb: z.coerce.number().int().positive().default(8192),
  workspace: z.string().optional(),
  db: z.string().optional(),
  local: z.boolean().optional(),
});
type CheckFlags = z.infer<typeof FlagsSchema>;

/** A failed job (its worker died, it was cancelled) as a failed report naming the reason. */
function jobFailureReport(design: string, reason: string): CheckReport {
  return CheckReportSchema.parse({
    design,
    passed: false,
    checks: [{ name: 'job', status: 'fail', summary: 'the check job failed', issues: [{ severity: 'error', code: 'job_failed', message: reason, unit: null, file: null, line: null, source: null, traceback: [] }] }],
  });
}

/** Collects the reports for the given paths (testable without the CLI). */
export async function collectCheckReports(paths: string[], flags: CheckFlags, log?: (message: string) => void): Promise<CheckReport[]> {
  const designs = await designsFromPaths(paths, analyzeUnitsInPool);
  const payloads: CheckJobPayload[] = designs.map((design) => ({
    design,
    options: {
      d_model: flags.dModel,
      n_block: flags.nBlock,
      seq_len: flags.seqLen,
      device: flags.device,
      run_unit_tests: flags.unitTests,
      reference: flags.reference === 'none' ? null : flags.reference,
    },
    limits: { timeoutMs: flags.timeout * 1000, memoryMb: flags.memoryMb },
  }));
  const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true });
  try {
    const jobs = await runQueued({ store, kind: CHECK_JOB, payloads, local: flags.local, log });
    return jobs.map((job, index) => job.status === 'succeeded'
      ? CheckReportSchema.parse(job.result)
      : jobFailureReport(designs[index]!.name, job.lastError ?? `job ${job.id} ${job.status}`));
  } finally {
    await store.close();
  }
}

export const checkCommand = new Command('check')
  .description('check designs: static analysis, composition, causality, gradients, training, cost (exit 0 only if all pass)')
  .argument('<paths...>', 'design folders, folders of design folders, design .json files, or unit .py files forming one design')
  .option('--json', 'print one JSON document {passed, reports} to stdout')
  .option('--d-model <n>', 'model width for the functional checks (default 128)')
  .option('--n-block <n>', 'number of blocks (default 2)')
  .option('--seq-len <n>', 'sequence length of the mock batch (default 128)')
  .option('--device <device>', 'cpu, cuda, or auto (default)')
  .option('--no-unit-tests', 'skip the units\' @gau_test functions')
  .option('--reference <path>', 'design folder whose speed and memory are the yardstick (default: the GPT seed; "none" to skip)')
  .option('--timeout <seconds>', 'wall-clock limit per design', '300')
  .option('--memory-mb <mb>', 'memory limit per design', '8192')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL: queue the checks for the nodes of that database and wait')
  .option('--local', 'with --db, also work through the queued checks in this process')
  .action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    try {
      const reports = await collectCheckReports(paths, flags, flags.json ? undefined : (message) => process.stderr.write(`${message}\n`));
      const passed = reports.every((report) => report.passed);
      if (flags.json) process.stdout.write(`${JSON.stringify({ passed, reports }, null, 2)}\n`);
      else for (const report of reports) process.stderr.write(renderCheckReport(report));
      process.exitCode = passed ? 0 : 1;
    } finally {
      await closeWorkerPool();
    }
  });
