/**
 * @module `genesys data prepare`: a corpus to token shards and tokenized evaluation tasks.
 */
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  corpusSlug,
  DEFAULT_EVAL_TASKS_DIR,
  downloadEvalTasks,
  getTokenizer,
  openCorpus,
  prepareDataset,
  prepareEvalTasks,
  SPLIT_NAMES,
  type EvalTaskSummary,
  type PrepareProgress,
  type ShardsMeta,
} from '../../data/index.js';
import { getLadder } from '../../config/index.js';
import { resolveStoreLocation } from '../../store/index.js';
import { stageReporter } from '../progress.js';

/** The flags of `data prepare`, parsed from commander's raw values. */
export const DataPrepareFlagsSchema = z.object({
  corpus: z.string().optional(),
  tokenizer: z.string().optional(),
  ladder: z.string().optional(),
  workspace: z.string().optional(),
  out: z.string().optional(),
  val: z.coerce.number().min(0).lt(1).default(0.01),
  test: z.coerce.number().min(0).lt(1).default(0.01),
  maxDocuments: z.coerce.number().int().positive().optional(),
  shardTokens: z.coerce.number().int().positive().default(50_000_000),
  docPerFile: z.boolean().default(false),
  textField: z.string().optional(),
  eval: z.boolean().default(true),
  evalSource: z.enum(['bundled', 'official']).default('bundled'),
  tasks: z.string().optional().transform((list) => list?.split(',').map((task) => task.trim()).filter(Boolean)),
  maxItemsPerTask: z.coerce.number().int().positive().optional(),
  force: z.boolean().default(false),
  json: z.boolean().default(false),
});
type Flags = z.infer<typeof DataPrepareFlagsSchema>;

export interface DataPrepareResult {
  dataset: string;
  /** True when a matching dataset already existed and was not rebuilt. */
  reused: boolean;
  meta: ShardsMeta;
  /** Where the task files came from: data/eval's subsets, or the full official sets downloaded into `evalTasksDir`. */
  evalSource: Flags['evalSource'];
  evalTasksDir: string;
  eval: EvalTaskSummary[];
}

export interface DataPrepareListeners {
  onProgress?: (progress: PrepareProgress, total: number | undefined) => void;
  onEvalTask?: (task: string) => void;
  onEvalDownload?: (task: string) => void;
}

/** Prepares shards and evaluation tasks as the flags say (testable without the CLI). */
export async function collectDataPrepare(flags: Flags, { onProgress, onEvalTask, onEvalDownload }: DataPrepareListeners = {}): Promise<DataPrepareResult> {
  // A ladder names the corpus and tokenizer its verifications train on; explicit flags win.
  const ladder = flags.ladder ? getLadder(flags.ladder) : undefined;
  const corpusSpec = flags.corpus ?? ladder?.corpus ?? 'brown';
  const tokenizer = getTokenizer(flags.tokenizer ?? ladder?.tokenizer ?? 'byte');
  // The folder `genesys verify` and `genesys evolve` look in (see verify/ensure-dataset.ts).
  const { workspace } = resolveStoreLocation({ workspace: flags.workspace });
  const dataset = resolve(flags.out ?? join(workspace, 'data', `${corpusSlug(corpusSpec)}-${tokenizer.name}`));
  // Downloads sit beside the datasets, so that every dataset of a folder shares them.
  const cacheDir = join(dirname(dataset), '.cache');
  const corpus = openCorpus(corpusSpec, {
    docPerFile: flags.docPerFile,
    textField: flags.textField,
    cacheDir: join(cacheDir, 'hf'),
  });
  const evalTasksDir = flags.evalSource === 'official' ? join(cacheDir, 'eval-official') : DEFAULT_EVAL_TASKS_DIR;
  // Before the shards, so that a missing network fails in seconds rather than after tokenizing a corpus.
  if (flags.eval && flags.evalSource === 'official') {
    await downloadEvalTasks({ tasks: flags.tasks, out: evalTasksDir, cacheDir: join(cacheDir, 'hf'), onTask: onEvalDownload });
  }
  const total = corpus.documentCount === undefined ? flags.maxDocuments : Math.min(corpus.documentCount, flags.maxDocuments ?? Infinity);
  const started = Date.now();
  const meta = await prepareDataset({
    corpus,
    tokenizer,
    out: dataset,
    valFraction: flags.val,
    testFraction: flags.test,
    shardTokens: flags.shardTokens,
    maxDocuments: flags.maxDocuments,
    force: flags.force,
    onProgress: onProgress && ((progress) => onProgress(progress, total)),
  });
  const evalTasks = flags.eval
    ? await prepareEvalTasks({ dataset, tokenizer, tasksDir: evalTasksDir, tasks: flags.tasks, maxItemsPerTask: flags.maxItemsPerTask, onTask: onEvalTask })
    : [];
  return { dataset, reused: Date.parse(meta.createdAt) < started, meta, evalSource: flags.evalSource, evalTasksDir, eval: evalTasks };
}

/** The human summary (stderr). */
export function renderDataPrepare(result: DataPrepareResult): string {
  const { meta } = result;
  const count = (value: number) => value.toLocaleString('en-US');
  const lines = [`Dataset ${result.dataset}${result.reused ? ' (reused, already prepared)' : ''}`];
  lines.push(`  corpus ${meta.source.corpus}: ${count(meta.source.documents)} documents; tokenizer ${meta.tokenizer.name} (vocab ${meta.tokenizer.vocabSize}, ${meta.dtype})`);
  for (const split of SPLIT_NAMES) {
    const summary = meta.splits[split];
    const shards = `${summary.shards.length} shard${summary.shards.length === 1 ? '' : 's'}`;
    lines.push(`  ${split.padEnd(5)} ${count(summary.documents).padStart(9)} documents ${count(summary.tokens).padStart(14)} tokens ${count(summary.bytes).padStart(14)} bytes  ${shards}`);
  }
  const entropy = meta.stats.unigramBitsPerByte;
  lines.push(`  unigram entropy of train: ${entropy === null ? 'n/a' : `${entropy.toFixed(3)} bits per byte`}`);
  if (result.eval.length > 0) lines.push(`  eval tasks (${result.evalSource}): ${result.eval.map((task) => `${task.task} ${task.items}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** A document counter on stderr; a bar when the number of documents is known in advance. */
function progressBar(live: boolean) {
  let bar: SingleBar | null = null;
  return {
    update(progress: PrepareProgress, total: number | undefined) {
      if (!live) return;
      const payload = { pass: progress.pass === 2 ? ' (2nd pass)' : '', tokens: progress.tokens.toLocaleString('en-US') };
      if (bar === null) {
        const format = total === undefined ? 'documents {value} | tokens {tokens}{pass}' : '{bar} {value}/{total} documents | tokens {tokens} | {eta_formatted} left{pass}';
        bar = new SingleBar({ format, stream: process.stderr, clearOnComplete: true, hideCursor: true });
        bar.start(total ?? 0, 0, payload);
      }
      bar.update(progress.documents, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

const prepareCommand = new Command('prepare')
  .description('tokenize a corpus into train/val/test shards and the evaluation tasks (reuses a matching dataset)')
  .option('--ladder <name>', 'prepare what this ladder trains on: its corpus and tokenizer (cpu-micro or paper)')
  .option('--corpus <spec>', 'brown (bundled, the default), text:PATH, jsonl:PATH, parquet:PATH or hf:OWNER/NAME[:CONFIG[:SPLIT]]')
  .option('--tokenizer <name>', 'byte (the default) or gpt2')
  .option('--workspace <dir>', 'workspace folder (default $GENESYS_WORKSPACE or .genesys)')
  .option('--out <dir>', 'dataset folder (default <workspace>/data/<corpus>-<tokenizer>, where verify looks for it)')
  .option('--val <fraction>', 'share of documents in val', '0.01')
  .option('--test <fraction>', 'share of documents in test', '0.01')
  .option('--max-documents <n>', 'read only the first N documents')
  .option('--shard-tokens <n>', 'tokens per shard file', '50000000')
  .option('--doc-per-file', 'text: one document per .txt file instead of per blank-line-separated block')
  .option('--text-field <name>', 'jsonl/parquet/hf: the field holding the text (default text)')
  .option('--tasks <list>', 'comma-separated evaluation tasks (default: all of the evaluation source)')
  .option('--eval-source <source>', 'bundled: the subsets in data/eval (offline); official: the full sets from the Hugging Face Hub, cached in <out>/../.cache/eval-official', 'bundled')
  .option('--max-items-per-task <n>', 'keep the first N items of each evaluation task')
  .option('--no-eval', 'skip the evaluation tasks')
  .option('--force', 'rebuild even when a matching dataset exists')
  .option('--json', 'print one JSON document {dataset, reused, meta, evalSource, evalTasksDir, eval} to stdout')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = DataPrepareFlagsSchema.parse(rawFlags);
    const progress = progressBar(!flags.json && process.stderr.isTTY === true);
    const stages = stageReporter({ silent: flags.json });
    try {
      const result = await collectDataPrepare(flags, {
        onProgress: progress.update,
        onEvalDownload: (task) => {
          progress.stop();
          stages.update('eval download', task);
        },
        onEvalTask: (task) => {
          progress.stop();
          stages.update('eval tasks', task);
        },
      });
      progress.stop();
      stages.done();
      if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stderr.write(renderDataPrepare(result));
    } finally {
      progress.stop();
      stages.done();
    }
  });

export const dataCommand = new Command('data').description('prepare training data and evaluation tasks').addCommand(prepareCommand);
