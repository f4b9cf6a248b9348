/**
 * @module `genesys check`: static and functional checks of designs or unit files.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { analyzeUnitsInPool, designsFromPaths, renderCheckReport, runCheck, type CheckReport } from '../../checker/index.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { stageReporter } from '../progress.js';

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
});

/** Collects the reports for the given paths (testable without the CLI). */
export async function collectCheckReports(paths: string[], flags: z.infer<typeof FlagsSchema>, onStage?: (design: string, stage: string) => void): Promise<CheckReport[]> {
  const designs = await designsFromPaths(paths, analyzeUnitsInPool);
  const reports: CheckReport[] = [];
  for (const design of designs) {
    reports.push(await runCheck({
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
      onStage: onStage ? (stage) => onStage(design.name, stage) : undefined,
    }));
  }
  return reports;
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
  .action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const progress = stageReporter({ silent: flags.json });
    try {
      const reports = await collectCheckReports(paths, flags, progress.update);
      progress.done();
      const passed = reports.every((report) => report.passed);
      if (flags.json) process.stdout.write(`${JSON.stringify({ passed, reports }, null, 2)}\n`);
      else for (const report of reports) process.stderr.write(renderCheckReport(report));
      process.exitCode = passed ? 0 : 1;
    } finally {
      progress.done();
      await closeWorkerPool();
    }
  });
