// Paper files: our JSONL, BibTeX, the original's library.jsonl; a bad record names its line and nothing is read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { packageRoot } from '../runtime/index.js';
import { detectPaperFileFormat, parseBibtex, parseGenesysLibrary, parsePapersJsonl } from './read-paper-files.js';

const FIXTURES = join(packageRoot, 'test', 'fixtures', 'search');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('JSONL papers', () => {
  it('reads one paper per line, skipping blank lines, normalising authors, years and arXiv ids', () => {
    const papers = parsePapersJsonl(fixture('papers.jsonl'), 'papers.jsonl');
    expect(papers.map((paper) => paper.id)).toEqual(['fixture-rope', undefined, 'fixture-moe']);
    expect(papers[0]!.urls).toEqual(['https://example.org/rope']);
    expect(papers[1]).toMatchObject({ authors: ['Carla Sample', 'Dan Test'], year: 2023, arxivId: '2401.00001' });
  });

  it('names the line of a record without a title, and of a line that is not JSON', () => {
    expect(() => parsePapersJsonl('{"title": "ok"}\n{"authors": ["A"]}\n', 'bad.jsonl')).toThrow(/bad\.jsonl:2: title/);
    expect(() => parsePapersJsonl('{"title": "ok"}\n{"title": \n', 'bad.jsonl')).toThrow(InputError);
    expect(() => parsePapersJsonl('{"title": "ok"}\n{"title": \n', 'bad.jsonl')).toThrow(/bad\.jsonl:2: not a JSON object/);
  });

  it('refuses ids with spaces', () => {
    expect(() => parsePapersJsonl('{"id": "two words", "title": "t"}', 'ids.jsonl')).toThrow(/ids\.jsonl:1: id/);
  });
});

describe('BibTeX', () => {
  it('turns entries into papers: key as id, LaTeX to text, arXiv id from eprint or an arXiv journal, DOI lower-cased', () => {
    const [alibi, godel] = parseBibtex(fixture('papers.bib'), 'papers.bib');
    expect(alibi).toMatchObject({
      id: 'press2021alibi', title: 'Train Short, Test Long: Attention with Linear Biases', authors: ['Ofir Press', 'Noah A. Smith', 'Mike Lewis'],
      year: 2021, venue: 'arXiv', arxivId: '2108.12409', source: 'bibtex',
    });
    expect(alibi!.abstract).toContain('distance-proportional penalty');
    expect(godel).toMatchObject({ id: 'fixture:godel1931', authors: ['Kurt Gödel'], arxivId: '2402.00002', doi: '10.1000/fixture.1931', venue: 'Proceedings of the Fixture Workshop' });
  });

  it('reports a broken file instead of adding part of it', () => {
    expect(() => parseBibtex('@article{ok, title={Fine}}\n@misc{broken, title = {Unclosed\n', 'broken.bib')).toThrow(/broken\.bib: BibTeX error/);
  });
});

describe('the original library format', () => {
  const line = JSON.stringify({
    id: 'abc', title: 'A Title', authors: ['A B'], year: 2021, venue: 'ACL', abstract: 'Text.', tldr: 'Short.', s2id: 'f00', url: null,
    citationCount: 7, influentialCitationCount: 1, seed_ids: ['transformer'], description: null, code_chars: 10, code_truncated: false, code: 'import torch', file: 'x.json',
  });

  it('keeps the acronym id, maps seed_ids to related and s2id to the Semantic Scholar id', () => {
    const [paper] = parseGenesysLibrary(`${line}\n`);
    expect(paper).toMatchObject({ id: 'abc', s2Id: 'f00', related: ['transformer'], citationCount: 7, code: 'import torch', source: 'genesys', tldr: 'Short.' });
  });

  it('is detected from its fields; .bib files as BibTeX; anything else as our JSONL', () => {
    expect(detectPaperFileFormat('library.jsonl', line)).toBe('genesys');
    expect(detectPaperFileFormat('refs.bib', '')).toBe('bibtex');
    expect(detectPaperFileFormat('refs.txt', '@article{x, title={T}}')).toBe('bibtex');
    expect(detectPaperFileFormat('papers.jsonl', fixture('papers.jsonl'))).toBe('jsonl');
  });
});
