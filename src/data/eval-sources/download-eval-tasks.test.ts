// The official evaluation sets through a local stand-in for the Hub: conversion, tokenization, reuse, offline and wrong-id errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startHubStandIn, type HubDatasets, type HubStandIn } from '../../../test/support/hub-stand-in.js';
import { writeParquetTable } from '../../../test/support/parquet-fixture.js';
import { GenesysError } from '../../core/errors.js';
import { OfflineError } from '../errors.js';
import { prepareEvalTasks } from '../eval-tasks/prepare-eval-tasks.js';
import { getTokenizer } from '../tokenizers/get-tokenizer.js';
import { downloadEvalTasks } from './download-eval-tasks.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-eval-official-'));
let hub: HubStandIn;
const DATASETS: HubDatasets = {
  'allenai/ai2_arc': { 'ARC-Easy': { test: ['arc-easy.parquet'], train: [] }, 'ARC-Challenge': { test: [] } },
  'Rowan/hellaswag': { default: { validation: ['hellaswag.parquet'] } },
  'allenai/winogrande': { winogrande_xl: { validation: ['winogrande-0.parquet', 'winogrande-1.parquet'] }, winogrande_xs: { validation: [] } },
  'nyu-mll/blimp': { anaphor_gender_agreement: { train: ['blimp-anaphor.parquet'] }, adjunct_island: { train: ['blimp-island.parquet'] } },
  'EleutherAI/lambada_openai': { default: { test: ['lambada.parquet'] } },
};

function lines(file: string): unknown[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
}

beforeAll(async () => {
  const file = (name: string) => join(folder, name);
  await writeParquetTable(file('arc-easy.parquet'), { id: 'string', question: 'string', choices: { struct: { text: 'string[]', label: 'string[]' } }, answerKey: 'string' }, [[
    { id: 'q1', question: 'Which gas do plants take in?', choices: { text: ['oxygen', 'carbon dioxide', 'helium'], label: ['A', 'B', 'C'] }, answerKey: 'B' },
    { id: 'q2', question: 'What melts ice?', choices: { text: ['heat', 'cold', 'salt', 'wind'], label: ['1', '2', '3', '4'] }, answerKey: '1' },
  ]]);
  await writeParquetTable(file('hellaswag.parquet'), { ind: 'int64', activity_label: 'string', ctx_a: 'string', ctx_b: 'string', endings: 'string[]', label: 'string' }, [[
    { ind: 4, activity_label: 'Roof shingle removal', ctx_a: 'A man is sitting on a roof.', ctx_b: 'he', endings: ['is using wrap.', 'starts pulling up roofing [title] on a roof.'], label: '1' },
  ]]);
  const winogrande = { sentence: 'string', option1: 'string', option2: 'string', answer: 'string' } as const;
  await writeParquetTable(file('winogrande-0.parquet'), winogrande, [
    [{ sentence: 'The cup fell off the shelf because _ was tilted.', option1: 'the cup', option2: 'the shelf', answer: '2' }],
    [{ sentence: 'Sarah was a better surgeon than Maria so _ got the easier cases.', option1: 'Sarah', option2: 'Maria', answer: '2' }],
  ]);
  await writeParquetTable(file('winogrande-1.parquet'), winogrande, [[{ sentence: 'Ann thanked Beth because _ had helped.', option1: 'Ann', option2: 'Beth', answer: '2' }]]);
  const blimp = { sentence_good: 'string', sentence_bad: 'string', field: 'string', linguistics_term: 'string', UID: 'string', pair_id: 'int32' } as const;
  await writeParquetTable(file('blimp-anaphor.parquet'), blimp, [[
    { sentence_good: 'Mary saw herself.', sentence_bad: 'Mary saw himself.', field: 'morphology', linguistics_term: 'anaphor_agreement', UID: 'anaphor_gender_agreement', pair_id: 0 },
    { sentence_good: 'Tom likes himself.', sentence_bad: 'Tom likes herself.', field: 'morphology', linguistics_term: 'anaphor_agreement', UID: 'anaphor_gender_agreement', pair_id: 1 },
  ]]);
  await writeParquetTable(file('blimp-island.parquet'), blimp, [[
    { sentence_good: 'Who should Derek hug after shocking Richard?', sentence_bad: 'Who should Derek hug Richard after shocking?', field: 'syntax', linguistics_term: 'island_effects', UID: 'adjunct_island', pair_id: 0 },
  ]]);
  await writeParquetTable(file('lambada.parquet'), { text: 'string' }, [[{ text: 'She called the dog Rex' }, { text: 'Alone' }]]);

  hub = await startHubStandIn(folder, DATASETS);
});

afterAll(async () => {
  await hub.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('downloadEvalTasks', () => {
  const cacheDir = join(folder, 'cache');
  const out = join(folder, 'eval-official');
  const tasks = ['arc_easy', 'hellaswag', 'winogrande', 'blimp'];

  it('converts each dataset into data/eval\'s schema, which prepareEvalTasks tokenizes', async () => {
    const summaries = await downloadEvalTasks({ tasks, out, cacheDir, endpoint: hub.endpoint });
    expect(summaries.map((summary) => [summary.task, summary.items, summary.reused])).toEqual([['arc_easy', 2, false], ['hellaswag', 1, false], ['winogrande', 3, false], ['blimp', 3, false]]);
    expect(summaries[3]?.configs).toEqual(['adjunct_island', 'anaphor_gender_agreement']);

    expect(lines(join(out, 'arc_easy.jsonl'))).toEqual([
      { id: 'arc_easy/test/00000', context: 'Question: Which gas do plants take in?\nAnswer:', choices: ['oxygen', 'carbon dioxide', 'helium'], gold: 1 },
      { id: 'arc_easy/test/00001', context: 'Question: What melts ice?\nAnswer:', choices: ['heat', 'cold', 'salt', 'wind'], gold: 0 },
    ]);
    expect(lines(join(out, 'hellaswag.jsonl'))).toEqual([
      { id: 'hellaswag/validation/00000', context: 'Roof shingle removal: A man is sitting on a roof. He', choices: ['is using wrap.', 'starts pulling up roofing. on a roof.'], gold: 1 },
    ]);
    // Row indices run on across row groups and files.
    const winogrande = lines(join(out, 'winogrande.jsonl'));
    expect(winogrande.map((line) => (line as { id: string }).id)).toEqual(['winogrande/validation/00000', 'winogrande/validation/00001', 'winogrande/validation/00002']);
    expect(winogrande[0]).toEqual({
      id: 'winogrande/validation/00000', context: null, choices: ['The cup fell off the shelf because the cup', 'The cup fell off the shelf because the shelf'], continuation: 'was tilted.', gold: 1,
    });
    expect(lines(join(out, 'blimp.jsonl'))[1]).toEqual({
      id: 'blimp/anaphor_gender_agreement/0', phenomenon: 'anaphor_gender_agreement', field: 'morphology', linguistics_term: 'anaphor_agreement', pair_id: '0',
      sentence_good: 'Mary saw herself.', sentence_bad: 'Mary saw himself.',
    });

    const tokenized = await prepareEvalTasks({ dataset: join(folder, 'dataset'), tokenizer: getTokenizer('byte'), tasksDir: out });
    expect(tokenized.map((summary) => [summary.task, summary.items])).toEqual([['arc_easy', 2], ['hellaswag', 1], ['winogrande', 3], ['blimp', 3]]);
  });

  it('reuses converted tasks without asking the server, and converts again offline from the cached downloads', async () => {
    const before = hub.requests.length;
    const again = await downloadEvalTasks({ tasks, out, cacheDir, endpoint: hub.endpoint });
    expect(again.every((summary) => summary.reused)).toBe(true);
    expect(hub.requests.length).toBe(before);

    const offline = `http://127.0.0.1:${await closedPort()}`;
    const converted = await downloadEvalTasks({ tasks: ['winogrande', 'blimp'], out: join(folder, 'eval-again'), cacheDir, endpoint: offline });
    expect(converted.map((summary) => [summary.task, summary.items, summary.reused])).toEqual([['winogrande', 3, false], ['blimp', 3, false]]);
  });

  it('fails offline with an error whose hint points at the bundled subsets', async () => {
    const offline = `http://127.0.0.1:${await closedPort()}`;
    const error = await downloadEvalTasks({ tasks: ['arc_easy'], out: join(folder, 'offline'), cacheDir: join(folder, 'empty-cache'), endpoint: offline }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as OfflineError).code).toBe('offline');
    expect((error as OfflineError).message).toMatch(/cannot download evaluation task arc_easy \(Hugging Face dataset allenai\/ai2_arc\): cannot reach the Hugging Face Hub/);
    expect((error as OfflineError).hint).toMatch(/bundled subsets in data\/eval/);
  });

  it('names the task and the dataset id when the Hub has no such dataset, and a row it cannot convert', async () => {
    const missing = await downloadEvalTasks({ tasks: ['piqa'], out, cacheDir, endpoint: hub.endpoint }).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(GenesysError);
    expect((missing as GenesysError).message).toMatch(/evaluation task piqa \(Hugging Face dataset ybisk\/piqa\).*HTTP 404/);
    expect((missing as GenesysError).hint).toMatch(/OFFICIAL_EVAL_SOURCES/);
    await expect(downloadEvalTasks({ tasks: ['lambada_openai'], out, cacheDir, endpoint: hub.endpoint })).rejects.toThrow(/row 1 of EleutherAI\/lambada_openai \(default\/test\) is not a lambada_openai row \(Error: no last word/);
    await expect(downloadEvalTasks({ tasks: ['mmlu'], out, cacheDir, endpoint: hub.endpoint })).rejects.toThrow(/unknown evaluation task "mmlu"/);
  });
});
