/**
 * @module `downloadEvalTasks`: the full official evaluation sets from the Hugging Face Hub's parquet
 * export, converted into task files like data/eval's (`<out>/<task>.jsonl`), so that
 * `prepareEvalTasks({tasksDir: out})` tokenizes them. A converted task is reused without network.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z, ZodError } from 'zod';
import { GenesysError, InputError } from '../../core/errors.js';
import { OfflineError } from '../errors.js';
import { EVAL_TASK_FORMATS, EVAL_TASK_NAMES, type EvalTaskName } from '../eval-tasks/eval-item.js';
import { openHubParquet } from '../hub/hub-parquet.js';
import { ROW_CONVERTERS } from './convert-rows.js';
import { OFFICIAL_EVAL_SOURCES, OfficialSourceSchema, type OfficialSource } from './official-sources.js';
import { readParquetRows } from './read-parquet-rows.js';

/** Bump the version when a converter changes, so that earlier conversions are redone. */
const RECORD_FORMAT = 'genesys-ts/eval-official@1';

const OFFLINE_HINT = 'without network, `genesys data prepare` uses the bundled subsets in data/eval (the default, --eval-source bundled); '
  + 'a task downloaded once is reused offline';
const SOURCE_HINT = 'the dataset ids, configs and splits are in OFFICIAL_EVAL_SOURCES (src/data/eval-sources/official-sources.ts); Hub ids move';

/** `<out>/<task>.source.json`, written after the task file: where it came from (a matching one means reuse). */
export const OfficialTaskRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  task: z.string(),
  source: OfficialSourceSchema,
  configs: z.array(z.string()).describe('the configs read, in order'),
  items: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type OfficialTaskRecord = z.infer<typeof OfficialTaskRecordSchema>;
export type OfficialTaskSummary = OfficialTaskRecord & { file: string; reused: boolean };

export interface DownloadEvalTasksOptions {
  /** Task names (default: all known tasks). */
  tasks?: string[];
  /** Folder of the converted task files. */
  out: string;
  /** Where the downloaded parquet files are kept (shared with `hf:` corpora). */
  cacheDir: string;
  /** Default: `GENESYS_HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /** Called as each task starts (BLiMP is 67 downloads). */
  onTask?: (task: EvalTaskName) => void;
}

interface SplitFiles {
  config: string;
  files: string[];
}

function chooseTasks(requested?: string[]): EvalTaskName[] {
  if (requested === undefined) return EVAL_TASK_NAMES;
  return requested.map((task) => {
    if (!(task in EVAL_TASK_FORMATS)) throw new InputError(`unknown evaluation task "${task}"`, { hint: `tasks: ${EVAL_TASK_NAMES.join(', ')}` });
    return task as EvalTaskName;
  });
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await writeFile(`${file}.partial`, text);
  await rename(`${file}.partial`, file);
}

async function reusableRecord(out: string, task: EvalTaskName, source: OfficialSource): Promise<OfficialTaskRecord | null> {
  const recordFile = join(out, `${task}.source.json`);
  if (!existsSync(join(out, `${task}.jsonl`)) || !existsSync(recordFile)) return null;
  try {
    const record = OfficialTaskRecordSchema.parse(JSON.parse(await readFile(recordFile, 'utf8')));
    return isDeepStrictEqual(record.source, source) ? record : null;
  } catch {
    return null; // an unreadable or older record: convert again
  }
}

/** Local copies of the task's parquet files; Hub errors are reworded to name the task and the dataset. */
async function downloadSplits(task: EvalTaskName, source: OfficialSource, options: DownloadEvalTasksOptions): Promise<SplitFiles[]> {
  try {
    const hub = await openHubParquet({ repo: source.dataset, cacheDir: options.cacheDir, endpoint: options.endpoint });
    const configs = source.allConfigs ? hub.configs : [hub.chooseConfig(source.config ?? undefined)];
    const splits: SplitFiles[] = [];
    for (const config of configs) {
      const files: string[] = [];
      for await (const file of hub.splitFiles(config, source.split)) files.push(file);
      splits.push({ config, files });
    }
    return splits;
  } catch (error) {
    const what = `cannot download evaluation task ${task} (Hugging Face dataset ${source.dataset})`;
    if (error instanceof OfflineError) throw new OfflineError(`${what}: ${error.message}`, { cause: error, hint: OFFLINE_HINT });
    if (error instanceof GenesysError) throw new InputError(`${what}: ${error.message}`, { cause: error, hint: error.hint ?? SOURCE_HINT });
    throw error;
  }
}

async function convertSplits(task: EvalTaskName, source: OfficialSource, splits: SplitFiles[]): Promise<string[]> {
  const convert = ROW_CONVERTERS[task];
  const lines: string[] = [];
  for (const { config, files } of splits) {
    let index = 0;
    for (const file of files) {
      for await (const row of readParquetRows(file)) {
        try {
          lines.push(JSON.stringify(convert(row, { task, config, split: source.split, index })));
        } catch (cause) {
          const reason = cause instanceof ZodError ? cause.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(cause);
          throw new InputError(`row ${index} of ${source.dataset} (${config}/${source.split}) is not a ${task} row (${reason})`, { cause, hint: SOURCE_HINT });
        }
        index += 1;
      }
    }
  }
  return lines;
}

/** Downloads (or reuses) each task and writes `<out>/<task>.jsonl` whole (temporary name, then rename). */
export async function downloadEvalTasks(options: DownloadEvalTasksOptions): Promise<OfficialTaskSummary[]> {
  const { out } = options;
  await mkdir(out, { recursive: true });
  const summaries: OfficialTaskSummary[] = [];
  for (const task of chooseTasks(options.tasks)) {
    const source: OfficialSource = OFFICIAL_EVAL_SOURCES[task];
    const file = join(out, `${task}.jsonl`);
    const reusable = await reusableRecord(out, task, source);
    if (reusable) {
      summaries.push({ ...reusable, file, reused: true });
      continue;
    }
    options.onTask?.(task);
    const splits = await downloadSplits(task, source, options);
    const lines = await convertSplits(task, source, splits);
    await writeAtomic(file, lines.map((line) => `${line}\n`).join(''));
    const record: OfficialTaskRecord = {
      format: RECORD_FORMAT, task, source, configs: splits.map((split) => split.config), items: lines.length, createdAt: new Date().toISOString(),
    };
    await writeAtomic(join(out, `${task}.source.json`), `${JSON.stringify(record, null, 2)}\n`);
    summaries.push({ ...record, file, reused: false });
  }
  return summaries;
}
