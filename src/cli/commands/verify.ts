/**
 * @module `genesys verify`: size, train and evaluate designs at scales of a ladder.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { analyzeUnitsInPool, designsFromPaths } from '../../checker/index.js';
import { getLadder, getScale } from '../../config/index.js';
import { readDesignFolder } from '../../core/design-folder.js';
import { closeWorkerPool, packageRoot } from '../../runtime/index.js';
import { ensureDataset, recordPath, scaleBaseline, verifyDesign, type BaselineRecord, type VerificationRecord } from '../../verify/index.js';
import { verifyProgressDisplay } from '../train-progress.js';
import { resolveWorkspace } from '../workspace.js';

const FlagsSchema = z.object({
  scale: z.string().min(1),
  ladder: z.string().default('cpu-micro'),
  data: z.string().optional(),
  workspace: z.string().optional(),
  device: z.string().default('auto'),
  force: z.boolean().default(false),
  baseline: z.boolean().default(true),
  json: z.boolean().default(false),
});

function summary(record: VerificationRecord, baseline: BaselineRecord | undefined, path: string): string {
  const head = `${record.design} @ ${record.scale}: ${record.status}`;
  const sizing = record.sizing ? ` (d_model ${record.sizing.dModel}, ${record.sizing.nBlock} blocks, ${record.sizing.params.toLocaleString('en-US')} parameters)` : '';
  if (record.status !== 'ok') return `${head}${sizing}\n  reason: ${record.reason}\n  record: ${path}\n`;
  const held = record.evaluation.heldOut;
  const lines = [`${head}${sizing} in ${record.wallSeconds.toFixed(0)} s`,
    `  training: ${record.training?.steps} steps, ${record.training?.tokens.toLocaleString('en-US')} tokens, final loss ${record.training?.finalLoss?.toFixed(3)}, ${Math.round(record.training?.tokensPerSecond ?? 0).toLocaleString('en-US')} tokens/s`,
    `  held-out: loss ${held.loss.toFixed(3)}, ${held.bitsPerByte.toFixed(3)} bits/byte` + (baseline ? ` (untrained baseline ${baseline.evaluation.heldOut.bitsPerByte.toFixed(3)})` : '')];
  for (const [task, metrics] of Object.entries(record.evaluation.results)) {
    const base = baseline?.evaluation.results[task];
    const shown = Object.entries(metrics).filter(([name]) => !name.includes('stderr'));
    lines.push(`  ${task}: ${shown.map(([name, value]) => `${name} ${value?.toFixed(3) ?? '-'}${base?.[name] != null ? ` (baseline ${base[name]!.toFixed(3)})` : ''}`).join(', ')}`);
  }
  lines.push(`  record: ${path}`);
  return `${lines.join('\n')}\n`;
}

export const verifyCommand = new Command('verify')
  .description('size, train and evaluate designs at scales of a ladder (resumable: run it again to continue)')
  .argument('<designs...>', 'design folders, folders of design folders, or design .json files')
  .requiredOption('--scale <names>', 'scale name(s) of the ladder, comma-separated (e.g. micro-1,micro-2)')
  .option('--ladder <name>', 'ladder preset: cpu-micro or paper', 'cpu-micro')
  .option('--data <dir>', 'a prepared dataset (default: the ladder\'s corpus, prepared in the workspace on first use)')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--device <device>', 'auto, cpu or cuda', 'auto')
  .option('--force', 'start over even when a record or a run in progress exists')
  .option('--no-baseline', 'skip the untrained baseline of each scale')
  .option('--json', 'print one JSON document {records, baselines} to stdout')
  .action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const ladder = getLadder(flags.ladder);
    const scales = flags.scale.split(',').map((name) => getScale(ladder, name.trim()));
    const workspace = resolveWorkspace(flags.workspace);
    const log = (message: string) => { if (!flags.json) process.stderr.write(`${message}\n`); };
    try {
      const designs = await designsFromPaths(paths, analyzeUnitsInPool);
      const reference = await readDesignFolder(join(packageRoot, 'library', 'gpt'));
      const dataset = await ensureDataset({ ladder, workspace, dataDir: flags.data, onStatus: log });
      const records: VerificationRecord[] = [];
      const baselines: BaselineRecord[] = [];
      for (const scale of scales) {
        let baseline: BaselineRecord | undefined;
        if (flags.baseline) {
          const display = verifyProgressDisplay(`baseline @ ${scale.name}`, { silent: flags.json });
          baseline = await scaleBaseline({ reference, ladder, scale, dataset, workspace, device: flags.device, onProgress: display.update })
            .finally(display.stop);
          baselines.push(baseline);
        }
        for (const design of designs) {
          const display = verifyProgressDisplay(`${design.name} @ ${scale.name}`, { silent: flags.json });
          const record = await verifyDesign({ design, reference, ladder, scale, dataset, workspace, device: flags.device, force: flags.force, onProgress: display.update })
            .finally(display.stop);
          records.push(record);
          log(summary(record, baseline, recordPath(workspace, design.name, scale.name)));
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify({ records, baselines }, null, 2)}\n`);
      process.exitCode = records.every((record) => record.status === 'ok') ? 0 : 1;
    } finally {
      await closeWorkerPool();
    }
  });
