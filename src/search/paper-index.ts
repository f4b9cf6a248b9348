/**
 * @module The BM25 index of the paper library (field boosts title > TL;DR > abstract >
 * authors/venue). It is saved in the store and loaded instead of rebuilt; papers added since the
 * save are applied incrementally by revision, and the loaded index is kept per database handle so
 * repeated searches in one process only ask the store what changed.
 */
import type { Db } from '../store/index.js';
import { Bm25Index, Bm25SnapshotSchema } from './bm25-index.js';
import { loadIndexSnapshot, saveIndexSnapshot } from './index-snapshots.js';
import type { Paper } from './paper.js';
import { latestPaperRevision, libraryState, listPapers, papersChangedSince } from './papers-repository.js';
import { processTerm, tokenize } from './tokenize.js';

/** The indexed text of a paper. */
export type PaperDocument = {
  id: string;
  title: string;
  tldr: string;
  abstract: string;
  authors: string;
  venue: string;
  notes: string;
};

// Bump when the indexed fields or the tokenizer change: saved indexes of another format are rebuilt.
export const PAPER_INDEX_FORMAT = 'bm25/papers@1';
const SNAPSHOT_NAME = 'papers';

/** Search-time field weights: a term in the title counts three times one in the abstract. */
export const PAPER_FIELD_BOOSTS = { title: 3, tldr: 1.5, abstract: 1, notes: 1, authors: 0.6, venue: 0.4 } as const;

const PAPER_FIELDS = Object.keys(PAPER_FIELD_BOOSTS);
const ANALYZER = { tokenize, processTerm };

export function paperDocument(paper: Pick<Paper, 'id' | 'title' | 'tldr' | 'abstract' | 'authors' | 'venue' | 'notes'>): PaperDocument {
  return { id: paper.id, title: paper.title, tldr: paper.tldr, abstract: paper.abstract, authors: paper.authors.join(', '), venue: paper.venue, notes: paper.notes };
}

/** Builds an index over papers from scratch. */
export function buildPaperIndex(papers: Iterable<Parameters<typeof paperDocument>[0]>): Bm25Index {
  const index = new Bm25Index(PAPER_FIELDS, ANALYZER);
  for (const paper of papers) index.add(paperDocument(paper));
  return index;
}

export function serializePaperIndex(index: Bm25Index): string {
  return JSON.stringify(index);
}

export function deserializePaperIndex(data: string): Bm25Index {
  return Bm25Index.fromJSON(Bm25SnapshotSchema.parse(JSON.parse(data)), ANALYZER);
}

/** The `k` best papers for a query, with the query terms each matched and where. */
export function searchPaperIndex(index: Bm25Index, query: string, k: number) {
  return index.search(query, { boost: PAPER_FIELD_BOOSTS, k });
}

export interface LoadedPaperIndex {
  index: Bm25Index;
  /** The paper revision the index covers. */
  revision: number;
  /** How the index was obtained on this call. */
  origin: 'memory' | 'snapshot' | 'rebuilt';
  /** Papers applied on top of the memory or snapshot copy. */
  applied: number;
}

const loaded = new WeakMap<Db, { index: Bm25Index; revision: number }>();

async function rebuild(db: Db, revision: number): Promise<Bm25Index> {
  const index = buildPaperIndex(await listPapers(db));
  await saveIndexSnapshot(db, { name: SNAPSHOT_NAME, format: PAPER_INDEX_FORMAT, revision, documents: index.documentCount, data: serializePaperIndex(index) });
  return index;
}

/**
 * The current index of the library: the copy this process holds, else the saved snapshot, each
 * brought up to date with the papers changed since; rebuilt when there is neither, the format
 * changed, or the counts disagree (papers removed by hand). A changed index is saved again.
 */
export async function openPaperIndex(db: Db): Promise<LoadedPaperIndex> {
  const held = loaded.get(db);
  // Once per search: when no paper changed since this process looked, one indexed max() is all it
  // costs (a row deleted by hand, which nothing in Genesys-TS does, is noticed by the next process).
  if (held && held.revision === (await latestPaperRevision(db))) return { ...held, origin: 'memory', applied: 0 };
  const state = await libraryState(db);
  let base: { index: Bm25Index; revision: number; origin: 'memory' | 'snapshot' } | undefined =
    held && held.revision <= state.revision ? { ...held, origin: 'memory' } : undefined;
  if (!base) {
    const snapshot = await loadIndexSnapshot(db, { name: SNAPSHOT_NAME });
    if (snapshot && snapshot.format === PAPER_INDEX_FORMAT && snapshot.revision <= state.revision) {
      base = { index: deserializePaperIndex(snapshot.data), revision: snapshot.revision, origin: 'snapshot' };
    }
  }
  let result: LoadedPaperIndex;
  if (base && base.revision === state.revision && base.index.documentCount === state.documents) {
    result = { ...base, applied: 0 };
  } else if (base) {
    const changes = await papersChangedSince(db, { revision: base.revision });
    for (const paper of changes) {
      if (base.index.has(paper.id)) base.index.replace(paperDocument(paper));
      else base.index.add(paperDocument(paper));
    }
    const revision = changes.at(-1)?.revision ?? base.revision;
    if (base.index.documentCount === state.documents) {
      await saveIndexSnapshot(db, { name: SNAPSHOT_NAME, format: PAPER_INDEX_FORMAT, revision, documents: state.documents, data: serializePaperIndex(base.index) });
      result = { index: base.index, revision, origin: base.origin, applied: changes.length };
    } else {
      result = { index: await rebuild(db, state.revision), revision: state.revision, origin: 'rebuilt', applied: 0 };
    }
  } else {
    result = { index: await rebuild(db, state.revision), revision: state.revision, origin: 'rebuilt', applied: 0 };
  }
  loaded.set(db, { index: result.index, revision: result.revision });
  return result;
}
