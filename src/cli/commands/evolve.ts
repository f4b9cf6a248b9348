/**
 * @module `genesys evolve`: run (or resume) an evolution: design and verification at the same
 * time, within budgets and limits, with a live display. Ctrl-C hands running jobs back to the
 * queue; `--resume` continues where it stopped, losing and repeating nothing that finished.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { getLadder } from '../../config/index.js';
import { InputError } from '../../core/errors.js';
import { EvolutionConfigSchema, generationState, runEvolution, type EvolutionConfig } from '../../evolution/index.js';
import { verifyJobProgress } from '../../jobs/index.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { describeUrl, getEvolution, openStore } from '../../store/index.js';
import { readEvolutionConfig } from '../evolve/config-file.js';
import { evolveDisplay } from '../evolve/evolve-display.js';
import { modelOption, parseModelFlags } from '../model-flags.js';

const FlagsSchema = z.object({
  workspace: z.string().optional(),
  db: z.string().optional(),
  local: z.boolean().optional(),
  evolution: z.string().default('default'),
  config: z.string().optional(),
  resume: z.boolean().default(false),
  ladder: z.string().optional(),
  seed: z.coerce.number().int().optional(),
  designer: z.string().optional(),
  model: z.array(z.string()).default([]),
  replay: z.boolean().default(false),
  budget: z.string().optional(),
  designsPerGeneration: z.coerce.number().int().nonnegative().optional(),
  maxDesigns: z.coerce.number().int().nonnegative().optional(),
  timeLimit: z.coerce.number().nonnegative().optional(),
  maxCost: z.coerce.number().nonnegative().optional(),
  selection: z.enum(['quadrant', 'random']).optional(),
  verify: z.enum(['train', 'synthetic']).optional(),
  check: z.enum(['sandbox', 'static']).optional(),
  device: z.string().optional(),
  json: z.boolean().default(false),
  ui: z.boolean().default(false),
  port: z.coerce.number().int().nonnegative().default(8040),
});
type Flags = z.infer<typeof FlagsSchema>;

/** `micro-1=12,micro-2=3` → { micro-1: 12, micro-2: 3 } */
function parseBudget(text: string, ladderName: string): Record<string, number> {
  const ladder = getLadder(ladderName);
  const budget: Record<string, number> = {};
  for (const part of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const match = /^([^=]+)=(\d+)$/.exec(part);
    if (!match) throw new InputError(`--budget ${text}: expected scale=count pairs, e.g. micro-1=12,micro-2=3`);
    const scale = match[1]!.trim();
    if (!ladder.scales.some((candidate) => candidate.name === scale)) {
      throw new InputError(`--budget: ladder ${ladder.name} has no scale ${scale}`, { hint: `scales: ${ladder.scales.map((candidate) => candidate.name).join(', ')}` });
    }
    budget[scale] = Number(match[2]);
  }
  return budget;
}

/** Stored config (on resume) or file config, then the flags on top. */
function withFlags(base: Partial<EvolutionConfig>, flags: Flags): EvolutionConfig {
  const config = EvolutionConfigSchema.parse({ ...base, ...(flags.ladder ? { ladder: flags.ladder } : {}) });
  if (flags.seed !== undefined) config.seed = flags.seed;
  if (flags.designer) config.designer = flags.designer;
  if (flags.model.length > 0) config.llm = { ...config.llm, models: { ...config.llm.models, ...parseModelFlags(flags.model) } };
  if (flags.replay) config.llm = { ...config.llm, replay: true };
  if (flags.budget) config.budget = { ...config.budget, ...parseBudget(flags.budget, config.ladder) };
  if (flags.designsPerGeneration !== undefined) config.generation.designs = flags.designsPerGeneration;
  if (flags.maxDesigns !== undefined) config.limits.maxDesigns = flags.maxDesigns;
  if (flags.timeLimit !== undefined) config.limits.timeMinutes = flags.timeLimit;
  if (flags.maxCost !== undefined) config.limits.maxCostUsd = flags.maxCost;
  if (flags.selection) config.selection.strategy = flags.selection;
  if (flags.verify) config.verify.mode = flags.verify;
  if (flags.check) config.check.mode = flags.check;
  if (flags.device) config.verify.device = flags.device;
  const ladder = getLadder(config.ladder);
  const strays = Object.keys(config.budget).filter((scale) => !ladder.scales.some((candidate) => candidate.name === scale));
  if (strays.length > 0) {
    throw new InputError(`budget names ${strays.join(', ')}, not a scale of ladder ${ladder.name}`, { hint: `scales: ${ladder.scales.map((scale) => scale.name).join(', ')}` });
  }
  return config;
}

export const evolveCommand = new Command('evolve')
  .description('run an evolution: design and verify concurrently within budgets (Ctrl-C stops safely; --resume continues)')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--db <url>', 'postgres:// URL: plan here, let the nodes of that database do the work')
  .option('--local', 'with --db, also run a design and a verify worker in this process')
  .option('--evolution <name>', 'the evolution (experiment) to run', 'default')
  .option('--config <file>', 'config file (default: genesys.config.yaml in the workspace, if any)')
  .option('--resume', 'continue an evolution that already ran (its stored config, with these flags on top)')
  .option('--ladder <name>', 'ladder preset: cpu-micro or paper')
  .option('--seed <n>', 'seed of every random choice')
  .option('--designer <name>', 'library (offline, default), llm or direct')
  .addOption(modelOption())
  .option('--replay', 'LLM designers answer only from the cache of this store (a miss is an error)')
  .option('--budget <scale=n,...>', 'verifications per scale, e.g. micro-1=12,micro-2=3,micro-3=0')
  .option('--designs-per-generation <n>', 'new designs asked for per generation')
  .option('--max-designs <n>', 'stop designing after this many new designs')
  .option('--time-limit <minutes>', 'plan no new generation after this many minutes')
  .option('--max-cost <usd>', 'stop designing once LLM calls cost this much')
  .option('--selection <strategy>', 'quadrant (default) or random')
  .option('--verify <mode>', 'train (default) or synthetic (a stand-in landscape: tests and benchmarks)')
  .option('--check <mode>', 'sandbox (default: the functional checker) or static (analysis only)')
  .option('--device <device>', 'auto, cpu or cuda')
  .option('--json', 'print the final summary as JSON on stdout')
  .option('--ui', 'serve the dashboard on 127.0.0.1 beside the run (see genesys serve)')
  .option('--port <n>', 'dashboard port with --ui', '8040')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true });
    const localWorkers = flags.local ?? !store.location.url;
    const display = evolveDisplay({ silent: flags.json });
    const controller = new AbortController();
    const onSignal = () => {
      if (controller.signal.aborted) process.exit(130);
      // Remote nodes keep their jobs: only this process's workers hand theirs back.
      display.line(`interrupting: ${localWorkers ? 'running jobs go back to the queue' : 'the nodes finish the jobs they run'} (Ctrl-C again to quit at once); continue with genesys evolve --resume`);
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let server: RunningServer | undefined;
    const onProgress = (jobId: number, progress: Parameters<typeof display.progress>[1]) => display.progress(jobId, progress);
    verifyJobProgress.on('progress', onProgress);
    try {
      const existing = await getEvolution(store.db, { name: flags.evolution });
      const ran = existing ? (await generationState(store.db, flags.evolution)).planned !== null : false;
      if (ran && !flags.resume) {
        throw new InputError(`evolution ${flags.evolution} has already run`, { hint: 'continue it with --resume, or start another with --evolution NAME' });
      }
      const base = ran ? EvolutionConfigSchema.parse(existing!.config) : (await readEvolutionConfig({ path: flags.config, workspace: store.location.workspace })).config;
      if (ran && flags.ladder && flags.ladder !== base.ladder) throw new InputError(`evolution ${flags.evolution} runs on ladder ${base.ladder}; its ladder cannot change`);
      const config = withFlags(base, flags);
      if (flags.ui) {
        server = await startServer({ store, port: flags.port });
        display.line(`dashboard: ${server.url}`);
      }
      display.line(`${ran ? 'resuming' : 'starting'} evolution ${flags.evolution}: ladder ${config.ladder}, designer ${config.designer}, seed ${config.seed}, ${store.location.url ? `database ${describeUrl(store.location.url)}${localWorkers ? '' : ' (the jobs run on its nodes)'}` : `workspace ${store.location.workspace}`}`);
      const result = await runEvolution({
        store, evolution: flags.evolution, config, localWorkers, signal: controller.signal,
        onStatus: (status) => display.status(status),
        onPlan: (plan) => display.line(`generation ${plan.generation}: ${plan.verifications.length} verification(s)${plan.verifications.length ? ` (${plan.verifications.map((choice) => `${choice.scale}`).join(', ')})` : ''}, ${plan.designs.length} new design(s)${plan.designPause ? ` — no new designs: ${plan.designPause}` : ''}`),
        onGeneration: (generation, finished) => display.line(`generation ${generation} done: ${finished.accepted.length ? `added ${finished.accepted.join(', ')}` : 'no new design'}${finished.rejected.length ? `; rejected ${finished.rejected.map((rejection) => `${rejection.name} (${rejection.reason.slice(0, 120)})`).join(', ')}` : ''}`),
        log: (message) => display.line(message),
      });
      display.stop();
      const summary = `evolution ${flags.evolution}: ${result.reason} after ${result.generations} generation(s) in this run — ${result.detail}`;
      if (flags.json) process.stdout.write(`${JSON.stringify({ evolution: flags.evolution, ...result }, null, 2)}\n`);
      else process.stderr.write(`${summary}\nsee the results with: genesys status${flags.evolution === 'default' ? '' : ` --evolution ${flags.evolution}`}, genesys report\n`);
      process.exitCode = result.reason === 'interrupted' ? 130 : result.reason === 'designer-failing' ? 1 : 0;
    } finally {
      display.stop();
      verifyJobProgress.off('progress', onProgress);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await server?.close();
      await store.close();
      await closeWorkerPool();
    }
  });
