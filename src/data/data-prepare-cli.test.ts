// `genesys data prepare` as a user runs it, on a tiny text corpus.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../runtime/index.js';
import { ShardsMetaSchema } from './shards/shards-meta.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-data-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function genesys(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: packageRoot, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
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
