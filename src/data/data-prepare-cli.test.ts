// `genesys data prepare` as a user runs it, on a tiny text corpus.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, startHubStandIn } from '../../test/support/hub-stand-in.js';
import { writeParquetTable } from '../../test/support/parquet-fixture.js';
import { ShardsMetaSchema } from './shards/shards-meta.js';
import { runCli, runCliAsync } from '../../test/support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-data-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function genesys(...args: string[]) {
  return runCli(args);
}

/** The CLI without blocking this process, so that a stand-in for the Hugging Face Hub here can answer it. */
function genesysAsync(env: Record<string, string>, ...args: string[]) {
  return runCliAsync(args, { env });
}

describe('genesys data prepare', () => {
  const corpus = join(folder, 'tiny.txt');
  const out = join(folder, 'tiny-byte');
  writeFileSync(corpus, Array.from({ length: 12 }, (_, index) => `Paragraph ${index} of a tiny corpus.`).join('\n\n'));
  const args = ['data', 'prepare', '--corpus', `text:${corpus}`, '--out', out, '--tasks', 'arc_easy,blimp', '--max-items-per-task', '3'];

  it('prepares shards and eval tasks and prints one JSON document', () => {
    const run = genesys(...args, '--json');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { dataset: string; reused: boolean; meta: unknown; eval: { task: string; items: number }[] };
    const meta = ShardsMetaSchema.parse(result.meta);
    expect(result.dataset).toBe(out);
    expect(result.reused).toBe(false);
    expect(meta.source.documents).toBe(12);
    expect(meta.splits.val.documents).toBeGreaterThan(0);
    expect(meta.splits.test.documents).toBeGreaterThan(0);
    expect(result.eval).toEqual([expect.objectContaining({ task: 'arc_easy', items: 3 }), expect.objectContaining({ task: 'blimp', items: 3 })]);
    expect(existsSync(join(out, 'eval', 'blimp.jsonl'))).toBe(true);
  });

  it('reuses the dataset on a second run and prints a readable summary on stderr', () => {
    const run = genesys(...args);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('(reused, already prepared)');
    expect(run.stderr).toMatch(/train\s+\d+ documents/);
    expect(run.stderr).toMatch(/unigram entropy of train: \d\.\d{3} bits per byte/);
  });

  it('exits 1 with a hint for an unknown tokenizer, and 2 for a bad flag value', () => {
    const unknown = genesys('data', 'prepare', '--corpus', `text:${corpus}`, '--tokenizer', 'llama', '--out', join(folder, 'x'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown tokenizer "llama"');
    expect(unknown.stderr).toContain('hint: tokenizers: byte, gpt2');
    const badFraction = genesys('data', 'prepare', '--val', '1.5', '--out', join(folder, 'y'));
    expect(badFraction.status).toBe(2);
  });
});

describe('genesys data prepare --eval-source official', () => {
  const corpus = join(folder, 'official.txt');
  writeFileSync(corpus, Array.from({ length: 12 }, (_, index) => `Paragraph ${index} of another corpus.`).join('\n\n'));

  it('downloads the official set into <out>/../.cache/eval-official and tokenizes it from there', async () => {
    const parquet = join(folder, 'arc-easy.parquet');
    await writeParquetTable(parquet, { question: 'string', choices: { struct: { text: 'string[]', label: 'string[]' } }, answerKey: 'string' }, [[
      { question: 'What melts ice?', choices: { text: ['heat', 'cold'], label: ['A', 'B'] }, answerKey: 'A' },
    ]]);
    const hub = await startHubStandIn(folder, { 'allenai/ai2_arc': { 'ARC-Easy': { test: ['arc-easy.parquet'] } } });
    try {
      const out = join(folder, 'datasets', 'official-byte');
      const run = await genesysAsync({ GENESYS_HF_ENDPOINT: hub.endpoint }, 'data', 'prepare', '--corpus', `text:${corpus}`, '--out', out, '--tasks', 'arc_easy', '--eval-source', 'official', '--json');
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { evalSource: string; evalTasksDir: string; eval: { task: string; items: number }[] };
      expect(result.evalSource).toBe('official');
      expect(result.evalTasksDir).toBe(join(folder, 'datasets', '.cache', 'eval-official'));
      expect(result.eval).toEqual([expect.objectContaining({ task: 'arc_easy', items: 1 })]);
      expect(existsSync(join(folder, 'datasets', '.cache', 'hf', 'allenai__ai2_arc', 'ARC-Easy', 'test', '0000.parquet'))).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('exits 1 offline with a hint naming the bundled subsets', async () => {
    const port = await closedPort();
    const run = runCli(['data', 'prepare', '--corpus', `text:${corpus}`, '--out', join(folder, 'offline', 'x'), '--tasks', 'piqa', '--eval-source', 'official'],
      { env: { GENESYS_HF_ENDPOINT: `http://127.0.0.1:${port}` } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot download evaluation task piqa (Hugging Face dataset ybisk/piqa)');
    expect(run.stderr).toMatch(/hint: .*bundled subsets in data\/eval/);
  });
});
