// The paper library in the store: adding (matched, merged, all or nothing), BM25 search with field
// boosts and excerpts, and the saved index (loaded instead of rebuilt, brought up to date by revision).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { migrate, openPgliteDb, type Db } from '../store/index.js';
import { openPaperIndex, PAPER_INDEX_FORMAT } from './paper-index.js';
import { addToLibrary, searchLibrary } from './paper-library.js';
import { addPapers, getPaper, libraryState } from './papers-repository.js';

let db: Db;

beforeAll(async () => {
  db = await openPgliteDb();
  await migrate(db);
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.exec('TRUNCATE papers, search_indexes, search_cache');
});

/** Another handle on the same database, as a second process would have: no index held in memory. */
function otherProcess(): Db {
  return { ...db };
}

const PAPERS = [
  { id: 'retention-title', title: 'Retention Networks for Sequences', abstract: 'A recurrent layer with parallel training.' },
  { id: 'retention-abstract', title: 'Another Recurrent Layer', abstract: 'Compared with retention, our layer decays faster. It trains in parallel.' },
  { id: 'unrelated', title: 'Convolutions for Images', abstract: 'Pixels and kernels.', authors: ['Retention Smith'] },
];

describe('adding papers', () => {
  it('matches a paper without an id to a stored one by arXiv id, fills its empty fields and keeps its id', async () => {
    await addPapers(db, [{ id: 'mamba', title: 'Mamba', arxivId: '2312.00752', source: 'genesys' }]);
    const result = await addPapers(db, [{ title: 'Mamba: Linear-Time Sequence Modeling', arxivId: 'arXiv:2312.00752v2', abstract: 'Selective state spaces.', source: 'arxiv' }]);
    expect(result).toMatchObject({ ids: ['mamba'], added: [], updated: ['mamba'], unchanged: [] });
    expect(await getPaper(db, { id: 'mamba' })).toMatchObject({ title: 'Mamba: Linear-Time Sequence Modeling', abstract: 'Selective state spaces.', source: 'genesys' });
    expect((await addPapers(db, [{ title: 'Mamba: Linear-Time Sequence Modeling', arxivId: '2312.00752' }])).unchanged).toEqual(['mamba']);
  });

  it('gives new papers without an id a derived id, and merges duplicates within one batch', async () => {
    const result = await addPapers(db, [
      { title: 'Some Paper', year: 2020 },
      { title: 'Some  paper!', year: 2020, abstract: 'Now with an abstract.' },
      { title: 'From arXiv', arxivId: '2401.00001' },
    ]);
    expect(result.added).toEqual(['some-paper-2020', 'arxiv:2401.00001']);
    expect(result.ids).toEqual(['some-paper-2020', 'some-paper-2020', 'arxiv:2401.00001']);
    expect((await getPaper(db, { id: 'some-paper-2020' }))!.abstract).toBe('Now with an abstract.');
  });

  it('adds nothing when one record is bad', async () => {
    await expect(addPapers(db, [{ title: 'Good' }, { title: '' }])).rejects.toThrow(/paper 2.*nothing was added/);
    expect((await libraryState(db)).documents).toBe(0);
  });
});

describe('searching the library', () => {
  beforeEach(async () => {
    await addToLibrary(db, PAPERS);
  });

  it('ranks a title match above an abstract match above an author match', async () => {
    const hits = await searchLibrary(db, 'retention');
    expect(hits.map((hit) => hit.paper.id)).toEqual(['retention-title', 'retention-abstract', 'unrelated']);
    expect(hits[0]!.matches).toEqual([{ word: 'retention', fields: ['title'] }]);
  });

  it('matches word forms and shows the sentence with the most query words', async () => {
    const [hit] = await searchLibrary(db, 'retentive layers decaying', { k: 1 });
    expect(hit!.paper.id).toBe('retention-abstract');
    expect(hit!.excerpt).toBe('Compared with retention, our layer decays faster.');
  });

  it('refuses a query with no searchable words', async () => {
    await expect(searchLibrary(db, 'the of and')).rejects.toThrow(InputError);
  });
});

describe('the saved index', () => {
  it('is saved on add and loaded, not rebuilt, by another process', async () => {
    await addToLibrary(db, PAPERS);
    const loaded = await openPaperIndex(otherProcess());
    expect(loaded).toMatchObject({ origin: 'snapshot', applied: 0 });
    expect(loaded.index.documentCount).toBe(3);
  });

  it('applies papers added since it was saved, then saves itself again', async () => {
    await addToLibrary(db, PAPERS);
    const other = otherProcess();
    await openPaperIndex(other);
    // Papers written without touching the index (another process's repository call).
    await addPapers(db, [{ id: 'late', title: 'A Late Paper on Retention' }, { id: 'unrelated', title: 'Convolutions for Images, Revised' }]);
    expect(await openPaperIndex(other)).toMatchObject({ origin: 'memory', applied: 2 });
    expect(await openPaperIndex(otherProcess())).toMatchObject({ origin: 'snapshot', applied: 0 });
    expect((await searchLibrary(other, 'late')).map((hit) => hit.paper.id)).toEqual(['late']);
    expect((await searchLibrary(other, 'revised')).map((hit) => hit.paper.id)).toEqual(['unrelated']);
  });

  it('is rebuilt when its format is not this code\'s, or papers were removed by hand', async () => {
    await addToLibrary(db, PAPERS);
    await db.query(`UPDATE search_indexes SET format = 'older'`);
    expect((await openPaperIndex(otherProcess())).origin).toBe('rebuilt');
    expect((await db.query('SELECT format FROM search_indexes')).rows[0]?.format).toBe(PAPER_INDEX_FORMAT);
    await db.query(`DELETE FROM papers WHERE id = 'unrelated'`);
    const rebuilt = await openPaperIndex(otherProcess());
    expect(rebuilt.origin).toBe('rebuilt');
    expect(rebuilt.index.documentCount).toBe(2);
  });
});
