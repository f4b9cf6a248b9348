// Tokenized evaluation items: one per kind from hand-written fixtures, then the repository's task files.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../runtime/index.js';
import { getTokenizer } from '../tokenizers/get-tokenizer.js';
import { EvalItemSchema, type EvalItem } from './eval-item.js';
import { DEFAULT_EVAL_TASKS_DIR, prepareEvalTasks } from './prepare-eval-tasks.js';

const FIXTURES = join(packageRoot, 'test', 'fixtures', 'eval');
const folder = mkdtempSync(join(tmpdir(), 'genesys-eval-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function readItems(file: string): EvalItem[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => EvalItemSchema.parse(JSON.parse(line)));
}

describe('prepareEvalTasks on fixtures', () => {
  const byte = getTokenizer('byte');
  const ids = (text: string) => byte.encode(text);
  const dataset = join(folder, 'byte');

  it('tokenizes every kind as docs/verification.md says', async () => {
    const summaries = await prepareEvalTasks({ dataset, tokenizer: byte, tasksDir: FIXTURES });
    expect(summaries.map((summary) => [summary.task, summary.items])).toEqual([['arc_easy', 2], ['lambada_openai', 1], ['winogrande', 1], ['blimp', 2]]);

    const [arc] = readItems(join(dataset, 'eval', 'arc_easy.jsonl'));
    expect(arc).toEqual({
      id: 'arc_easy/test/0', task: 'arc_easy', kind: 'choice', gold: 1,
      options: ['oxygen', 'carbon dioxide', 'helium'].map((choice) => ({
        context: ids('Question: Which gas do plants take in?\nAnswer:'), continuation: ids(` ${choice}`), bytes: choice.length,
      })),
    });

    const [lambada] = readItems(join(dataset, 'eval', 'lambada_openai.jsonl'));
    expect(lambada).toMatchObject({ kind: 'cloze', gold: 0, options: [{ continuation: ids(' Rex'), bytes: 3 }] });
    expect(lambada?.options).toHaveLength(1);

    const [winogrande] = readItems(join(dataset, 'eval', 'winogrande.jsonl'));
    expect(winogrande).toMatchObject({ kind: 'choice', gold: 1 });
    expect(winogrande?.options).toEqual([
      { context: ids('The cup fell off the shelf because the cup'), continuation: ids(' was tilted.'), bytes: 11 },
      { context: ids('The cup fell off the shelf because the shelf'), continuation: ids(' was tilted.'), bytes: 11 },
    ]);

    const [blimp] = readItems(join(dataset, 'eval', 'blimp.jsonl'));
    expect(blimp).toEqual({
      id: 'blimp/anaphor_agreement/0', task: 'blimp', kind: 'pair', gold: 0,
      options: [
        { context: [256], continuation: ids('Mary saw herself.'), bytes: 17 },
        { context: [256], continuation: ids('Mary saw himself.'), bytes: 17 },
      ],
    });
  });

  it('uses the gpt2 tokenizer with its EOS, and keeps the first N items per task', async () => {
    const gpt2 = getTokenizer('gpt2');
    const summaries = await prepareEvalTasks({ dataset: join(folder, 'gpt2'), tokenizer: gpt2, tasksDir: FIXTURES, tasks: ['blimp', 'arc_easy'], maxItemsPerTask: 1 });
    expect(summaries.map((summary) => [summary.task, summary.items])).toEqual([['blimp', 1], ['arc_easy', 1]]);
    const [blimp] = readItems(join(folder, 'gpt2', 'eval', 'blimp.jsonl'));
    expect(blimp?.options[0]?.context).toEqual([50256]);
    expect(gpt2.decode(blimp?.options[0]?.continuation ?? [])).toBe('Mary saw herself.');
    const [arc] = readItems(join(folder, 'gpt2', 'eval', 'arc_easy.jsonl'));
    expect(arc?.options[1]?.continuation).toEqual(gpt2.encode(' carbon dioxide'));
  });

  it('names an unknown task, a malformed line, and a tokenizer that is not the dataset\'s', async () => {
    await expect(prepareEvalTasks({ dataset, tokenizer: byte, tasksDir: FIXTURES, tasks: ['mmlu'] })).rejects.toThrow(/unknown evaluation task "mmlu"/);
    const broken = join(folder, 'broken');
    writeFileSync(join(folder, 'piqa.jsonl'), '{"id":"piqa/0","context":"Q","choices":["a","b"],"gold":5}\n');
    await expect(prepareEvalTasks({ dataset: broken, tokenizer: byte, tasksDir: folder, tasks: ['piqa'] })).rejects.toThrow(/piqa\.jsonl:1 is not a valid piqa item \(.*gold 5 but only 2 choices/);
    writeFileSync(join(folder, 'piqa.jsonl'), '{"id":"piqa/0","context":"Q","choices":"ab","gold":0}\n');
    await expect(prepareEvalTasks({ dataset: broken, tokenizer: byte, tasksDir: folder, tasks: ['piqa'] })).rejects.toThrow(/piqa\.jsonl:1 is not a valid piqa item \(choices:/);
  });
});

describe.runIf(existsSync(join(DEFAULT_EVAL_TASKS_DIR, 'blimp.jsonl')))('prepareEvalTasks on data/eval', () => {
  it('tokenizes every line of every task file', async () => {
    const dataset = join(folder, 'real');
    const summaries = await prepareEvalTasks({ dataset, tokenizer: getTokenizer('byte') });
    expect(summaries.length).toBe(7);
    for (const summary of summaries) {
      const source = readFileSync(join(DEFAULT_EVAL_TASKS_DIR, `${summary.task}.jsonl`), 'utf8').trim().split('\n');
      expect(summary.items, summary.task).toBe(source.length);
      expect(readItems(summary.file)).toHaveLength(source.length);
    }
  });
});
