// Local file corpora (text, jsonl, parquet) and corpus specs.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Corpus, CorpusDocument } from './corpus.js';
import { corpusSlug, openCorpus } from './open-corpus.js';
import { writeTinyParquet } from '../../../test/support/parquet-fixture.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-corpora-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function collect(corpus: Corpus): Promise<CorpusDocument[]> {
  const documents: CorpusDocument[] = [];
  for await (const document of corpus.documents()) documents.push(document);
  return documents;
}

describe('text corpus', () => {
  it('splits a file into documents at blank lines', async () => {
    const path = join(folder, 'blocks.txt');
    await writeFile(path, 'First doc\nline two.\n\n\n  \nSecond doc.\r\n\r\nThird.\n');
    expect(await collect(openCorpus(`text:${path}`))).toEqual([
      { id: 'blocks.txt#0', text: 'First doc\nline two.' },
      { id: 'blocks.txt#1', text: 'Second doc.' },
      { id: 'blocks.txt#2', text: 'Third.' },
    ]);
  });

  it('reads a folder of .txt files, one document per file with docPerFile', async () => {
    const dir = join(folder, 'docs');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'b.txt'), 'Bee.\n\nStill bee.');
    await writeFile(join(dir, 'sub', 'a.txt'), 'Ay.');
    await writeFile(join(dir, 'ignored.md'), 'not text');
    expect(await collect(openCorpus(`text:${dir}`, { docPerFile: true }))).toEqual([
      { id: 'b.txt', text: 'Bee.\n\nStill bee.' },
      { id: join('sub', 'a.txt'), text: 'Ay.' },
    ]);
  });

  it('names a missing path', async () => {
    await expect(collect(openCorpus(`text:${join(folder, 'missing.txt')}`))).rejects.toThrow(/no such file or folder .*missing\.txt/);
  });
});

describe('jsonl corpus', () => {
  it('reads the text field and the id when present', async () => {
    const path = join(folder, 'docs.jsonl');
    await writeFile(path, '{"id": "x1", "text": "one"}\n\n{"text": "two"}\n{"id": 7, "body": "three", "text": "3"}\n');
    expect(await collect(openCorpus(`jsonl:${path}`))).toEqual([
      { id: 'x1', text: 'one' },
      { id: 'docs.jsonl:3', text: 'two' },
      { id: '7', text: '3' },
    ]);
    expect((await collect(openCorpus(`jsonl:${path}`, { textField: 'body' })).catch((error: Error) => error.message))).toMatch(/docs\.jsonl:1 has no string field "body"/);
  });
});

describe('parquet corpus', () => {
  it('reads the text column of every row group', async () => {
    const path = join(folder, 'rows.parquet');
    await writeTinyParquet(path, 'text', [['alpha', 'bêta'], ['gamma']]);
    expect(await collect(openCorpus(`parquet:${path}`))).toEqual([
      { id: 'rows.parquet:0', text: 'alpha' },
      { id: 'rows.parquet:1', text: 'bêta' },
      { id: 'rows.parquet:2', text: 'gamma' },
    ]);
    await expect(collect(openCorpus(`parquet:${path}`, { textField: 'content' }))).rejects.toThrow(/no column "content" \(columns: text\)/);
  });
});

describe('openCorpus', () => {
  it('rejects unknown kinds and empty paths with the list of corpora', () => {
    expect(() => openCorpus('wikipedia')).toThrow(/unknown corpus "wikipedia"/);
    expect(() => openCorpus('text:')).toThrow(/needs a path/);
    expect(() => openCorpus('hf:not-a-repo')).toThrow(/expected OWNER\/NAME/);
  });

  it('names corpora for folders', () => {
    expect(corpusSlug('brown')).toBe('brown');
    expect(corpusSlug('text:/data/tiny.txt')).toBe('text-tiny');
    expect(corpusSlug('hf:roneneldan/TinyStories')).toBe('hf-roneneldan-TinyStories');
    expect(corpusSlug('hf:allenai/c4:en:validation')).toBe('hf-allenai-c4-en-validation');
  });
});
