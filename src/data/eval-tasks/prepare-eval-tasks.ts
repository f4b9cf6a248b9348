/**
 * @module `prepareEvalTasks`: the task files of data/eval, tokenized into `<dataset>/eval/<task>.jsonl`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ZodError } from 'zod';
import { InputError } from '../../core/errors.js';
import { packageRoot } from '../../runtime/index.js';
import { readShardsMeta } from '../shards/shards-meta.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import { EVAL_TASK_FORMATS, EVAL_TASK_NAMES, type EvalTaskName } from './eval-item.js';
import { tokenizeEvalItem } from './tokenize-eval-item.js';

/** The repository's evaluation task files. */
export const DEFAULT_EVAL_TASKS_DIR = join(packageRoot, 'data', 'eval');

export interface PrepareEvalTasksOptions {
  /** The dataset folder; items go to `<dataset>/eval/<task>.jsonl`. */
  dataset: string;
  /** Must be the dataset's tokenizer (checked against its meta.json when there is one). */
  tokenizer: Tokenizer;
  /** Folder of source task files (default: the repository's data/eval). */
  tasksDir?: string;
  /** Task names (default: every known task with a file in `tasksDir`). */
  tasks?: string[];
  /** Keep the first N items of each task (default all; the files are already evenly subsampled). */
  maxItemsPerTask?: number;
  /** Called as each task starts (gpt2 takes seconds for all of them). */
  onTask?: (task: EvalTaskName) => void;
}

export interface EvalTaskSummary {
  task: EvalTaskName;
  items: number;
  file: string;
}

function isTaskName(name: string): name is EvalTaskName {
  return name in EVAL_TASK_FORMATS;
}

function chooseTasks(tasksDir: string, requested?: string[]): EvalTaskName[] {
  if (requested === undefined) return EVAL_TASK_NAMES.filter((task) => existsSync(join(tasksDir, `${task}.jsonl`)));
  return requested.map((task) => {
    if (!isTaskName(task)) throw new InputError(`unknown evaluation task "${task}"`, { hint: `tasks: ${EVAL_TASK_NAMES.join(', ')}` });
    if (!existsSync(join(tasksDir, `${task}.jsonl`))) throw new InputError(`no task file ${join(tasksDir, `${task}.jsonl`)}`);
    return task;
  });
}

async function tokenizeTaskFile(task: EvalTaskName, source: string, tokenizer: Tokenizer, maxItems: number): Promise<string[]> {
  const lines: string[] = [];
  let lineNumber = 0;
  const input = createReadStream(source, 'utf8');
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim().length === 0) continue;
      if (lines.length >= maxItems) break;
      try {
        lines.push(JSON.stringify(tokenizeEvalItem(task, JSON.parse(line), tokenizer)));
      } catch (cause) {
        const reason = cause instanceof ZodError ? cause.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(cause);
        throw new InputError(`${source}:${lineNumber} is not a valid ${task} item (${reason})`, { cause });
      }
    }
  } finally {
    input.destroy(); // leaving the loop early closes readline but not the file
  }
  return lines;
}

/** Tokenizes the chosen tasks; each output file is written whole (temporary name, then rename). */
export async function prepareEvalTasks(options: PrepareEvalTasksOptions): Promise<EvalTaskSummary[]> {
  const { dataset, tokenizer, tasksDir = DEFAULT_EVAL_TASKS_DIR, maxItemsPerTask = Infinity } = options;
  if (existsSync(join(dataset, 'meta.json'))) {
    const meta = await readShardsMeta(dataset);
    if (meta.tokenizer.name !== tokenizer.name) {
      throw new InputError(`dataset ${dataset} uses tokenizer ${meta.tokenizer.name}, not ${tokenizer.name}`);
    }
  }
  const outDir = join(dataset, 'eval');
  await mkdir(outDir, { recursive: true });
  const summaries: EvalTaskSummary[] = [];
  for (const task of chooseTasks(tasksDir, options.tasks)) {
    options.onTask?.(task);
    const lines = await tokenizeTaskFile(task, join(tasksDir, `${task}.jsonl`), tokenizer, maxItemsPerTask);
    const file = join(outDir, `${task}.jsonl`);
    await writeFile(`${file}.partial`, lines.map((line) => `${line}\n`).join(''));
    await rename(`${file}.partial`, file);
    summaries.push({ task, items: lines.length, file });
  }
  return summaries;
}
