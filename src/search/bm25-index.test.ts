// The BM25 index: field boosts, coordination (more query terms matched ranks higher), removal and
// replacement with exact document frequencies, top-k order, and a JSON round trip.
import { describe, expect, it } from 'vitest';
import { Bm25Index, Bm25SnapshotSchema } from './bm25-index.js';
import { processTerm, tokenize } from './tokenize.js';

const FIELDS = ['title', 'body'];
const BOOST = { title: 3, body: 1 };

function index(documents: { id: string; title: string; body: string }[]): Bm25Index {
  const built = new Bm25Index(FIELDS, { tokenize, processTerm });
  built.addAll(documents);
  return built;
}

const DOCUMENTS = [
  { id: 'a', title: 'gated recurrence', body: 'a recurrent network with forget gates' },
  { id: 'b', title: 'attention', body: 'softmax attention with gated heads and gated outputs' },
  { id: 'c', title: 'convolution', body: 'long convolutions' },
];

describe('Bm25Index', () => {
  it('ranks a title match above body matches and reports where each term matched', () => {
    const hits = index(DOCUMENTS).search('gated', { boost: BOOST, k: 10 });
    expect(hits.map((hit) => hit.id)).toEqual(['a', 'b']);
    expect(hits[0]!.match).toEqual({ gate: ['title', 'body'] });
    expect(hits[1]!.match).toEqual({ gate: ['body'] });
  });

  it('prefers documents matching more distinct query terms', () => {
    const hits = index(DOCUMENTS).search('long convolution gates', { boost: BOOST, k: 3 });
    expect(hits[0]!.id).toBe('c');
  });

  it('returns at most k hits, best first, and nothing for unknown words', () => {
    const built = index(Array.from({ length: 30 }, (_, number) => ({ id: `d${number}`, title: 'mixer '.repeat(1 + (number % 5)), body: `filler ${number}` })));
    const hits = built.search('mixer', { boost: BOOST, k: 4 });
    expect(hits).toHaveLength(4);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((left, right) => right - left));
    expect(built.search('unheard', { boost: BOOST, k: 4 })).toEqual([]);
  });

  it('forgets removed documents and indexes replaced ones anew, with exact frequencies', () => {
    const built = index(DOCUMENTS);
    built.remove('a');
    built.replace({ id: 'b', title: 'attention', body: 'plain softmax' });
    expect(built.documentCount).toBe(2);
    expect(built.search('gated', { boost: BOOST, k: 10 })).toEqual([]);
    const fresh = index([{ id: 'b', title: 'attention', body: 'plain softmax' }, DOCUMENTS[2]!]);
    expect(built.search('softmax attention', { boost: BOOST, k: 5 })).toEqual(fresh.search('softmax attention', { boost: BOOST, k: 5 }));
  });

  it('survives a JSON round trip with the same results', () => {
    const built = index(DOCUMENTS);
    built.remove('c');
    const loaded = Bm25Index.fromJSON(Bm25SnapshotSchema.parse(JSON.parse(JSON.stringify(built))), { tokenize, processTerm });
    expect(loaded.documentCount).toBe(2);
    expect(loaded.has('c')).toBe(false);
    expect(loaded.search('gated attention', { boost: BOOST, k: 5 })).toEqual(built.search('gated attention', { boost: BOOST, k: 5 }));
  });

  it('refuses the same id twice', () => {
    expect(() => index([DOCUMENTS[0]!, DOCUMENTS[0]!])).toThrow(/already indexed/);
  });
});
