/**
 * @module `genesys verify`: size, train and evaluate designs at scales of a ladder, as `verify`
 * jobs (in this process by default; by the verify nodes of a shared database with `--db`).
 * Results go to the store and to `<workspace>/verifications/`.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { analyzeUnitsInPool, designsFromPaths } from '../../checker/index.js';
import { getLadder, getScale } from '../../config/index.js';
import type { Design } from '../../core/design.js';
import { InputError } from '../../core/errors.js';
import { runQueued, VERIFY_JOB, verifyJobProgress, type VerifyJobPayload, type VerifyJobResult } from '../../jobs/index.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { ensureEvolution, findDesign, insertDesign, openStore, type Db } from '../../store/index.js';
import { designHash, type BaselineRecord, type VerificationRecord, type VerifyProgress } from '../../verify/index.js';
import { verifyProgressDisplay, type VerifyProgressDisplay } from '../train-progress.js';

const FlagsSchema = z.object({
  scale: z.string().min(1),
  ladder: z.string().default('cpu-micro'),
  data: z.string().optional(),
  workspace: z.string().optional(),
  db: z.string().optional(),
  local: z.boolean().optional(),
  evolution: z.string().default('default'),
  device: z.string().default('auto'),
  force: z.boolean().default(false),
  baseline: z.boolean().default(true),
  json: z.boolean().default(false),
});

function summary(record: VerificationRecord, baseline: BaselineRecord | null): string {
  const head = `${record.design} @ ${record.scale}: ${record.status}`;
  const sizing = record.sizing ? ` (d_model ${record.sizing.dModel}, ${record.sizing.nBlock} blocks, ${record.sizing.params.toLocaleString('en-US')} parameters)` : '';
  if (record.status !== 'ok') return `${head}${sizing}\n  reason: ${record.reason}\n`;
  const held = record.evaluation.heldOut;
  const lines = [`${head}${sizing} in ${record.wallSeconds.toFixed(0)} s`,
    `  training: ${record.training?.steps} steps, ${record.training?.tokens.toLocaleString('en-US')} tokens, final loss ${record.training?.finalLoss?.toFixed(3)}, ${Math.round(record.training?.tokensPerSecond ?? 0).toLocaleString('en-US')} tokens/s`,
    `  held-out: loss ${held.loss.toFixed(3)}, ${held.bitsPerByte.toFixed(3)} bits/byte` + (baseline ? ` (untrained baseline ${baseline.evaluation.heldOut.bitsPerByte.toFixed(3)})` : '')];
  for (const [task, metrics] of Object.entries(record.evaluation.results)) {
    const base = baseline?.evaluation.results[task];
    const shown = Object.entries(metrics).filter(([name]) => !name.includes('stderr'));
    lines.push(`  ${task}: ${shown.map(([name, value]) => `${name} ${value?.toFixed(3) ?? '-'}${base?.[name] != null ? ` (baseline ${base[name]!.toFixed(3)})` : ''}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The design's id in the store: the stored one with the same content, or a new row; a different design under the same name is refused. */
async function storedDesignId(db: Db, evolution: string, design: Design): Promise<string> {
  const existing = await findDesign(db, { evolution, name: design.name });
  if (existing) {
    if (existing.designHash !== designHash(design)) {
      throw new InputError(`evolution ${evolution} already has a different design named ${design.name}`, { hint: 'rename the design, or use another --evolution' });
    }
    return existing.id;
  }
  return (await insertDesign(db, { evolution, design: { ...design, parents: [] }, origin: 'cli' })).id;
}

export const verifyCommand = new Command('verify')
  .description('size, train and evaluate designs at scales of a ladder (resumable: run it again to continue)')
  .argument('<designs...>', 'design folders, folders of design folders, or design .json files')
  .requiredOption('--scale <names>', 'scale name(s) of the ladder, comma-separated (e.g. micro-1,micro-2)')
  .option('--ladder <name>', 'ladder preset: cpu-micro or paper', 'cpu-micro')
  .option('--data <dir>', 'a prepared dataset (default: the ladder\'s corpus, prepared in the workspace on first use)')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL: queue the verifications for the verify nodes of that database and wait')
  .option('--local', 'with --db, also work through the queued verifications in this process')
  .option('--evolution <name>', 'the evolution (experiment) the designs are stored under', 'default')
  .option('--device <device>', 'auto, cpu or cuda', 'auto')
  .option('--force', 'start over even when a record or a run in progress exists')
  .option('--no-baseline', 'skip the untrained baseline of each scale')
  .option('--json', 'print one JSON document {records, baselines} to stdout')
  .action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const ladder = getLadder(flags.ladder);
    const scales = flags.scale.split(',').map((name) => getScale(ladder, name.trim()));
    const log = (message: string) => { if (!flags.json) process.stderr.write(`${message}\n`); };
    const designs = await designsFromPaths(paths, analyzeUnitsInPool);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true });
    const displays = new Map<number, VerifyProgressDisplay>();
    const onProgress = (jobId: number, progress: VerifyProgress, label: string) => {
      let display = displays.get(jobId);
      if (!display) {
        for (const other of displays.values()) other.stop();
        display = verifyProgressDisplay(label, { silent: flags.json });
        displays.set(jobId, display);
      }
      display.update(progress);
    };
    verifyJobProgress.on('progress', onProgress);
    try {
      await ensureEvolution(store.db, { name: flags.evolution });
      const ids = new Map<string, string>();
      for (const design of designs) ids.set(design.name, await storedDesignId(store.db, flags.evolution, design));
      const payloads: VerifyJobPayload[] = scales.flatMap((scale) => designs.map((design) => ({
        designId: ids.get(design.name)!, ladder: ladder.name, scale: scale.name, dataDir: flags.data,
        device: flags.device, force: flags.force, baseline: flags.baseline,
      })));
      const jobs = await runQueued({
        store, kind: VERIFY_JOB, payloads, local: flags.local, log,
        dedupeKey: (payload) => { const { designId, ladder: name, scale } = payload as VerifyJobPayload; return `verify:${designId}:${name}:${scale}`; },
      });
      for (const display of displays.values()) display.stop();
      const results: VerifyJobResult[] = [];
      jobs.forEach((job, index) => {
        if (job.status === 'succeeded') {
          const result = job.result as VerifyJobResult;
          results.push(result);
          log(summary(result.record, result.baseline));
        } else {
          const payload = payloads[index]!;
          log(`${designs.find((design) => ids.get(design.name) === payload.designId)?.name} @ ${payload.scale}: job ${job.status}\n  reason: ${job.lastError ?? '-'}\n`);
        }
      });
      if (flags.json) process.stdout.write(`${JSON.stringify({ records: results.map((r) => r.record), baselines: results.map((r) => r.baseline) }, null, 2)}\n`);
      process.exitCode = jobs.length === results.length && results.every((result) => result.record.status === 'ok') ? 0 : 1;
    } finally {
      verifyJobProgress.off('progress', onProgress);
      for (const display of displays.values()) display.stop();
      await store.close();
      await closeWorkerPool();
    }
  });
