// The split: a pure function of the id hash, with fix-ups only when a split would be empty.
import { describe, expect, it } from 'vitest';
import { emptyCensus, fallbackMoves, idHashFraction, recordInCensus, splitOfHash } from './split-assignment.js';

const fractions = { valFraction: 0.1, testFraction: 0.2 };

describe('split assignment', () => {
  it('hashes ids into [0, 1) deterministically', () => {
    const hash = idHashFraction('brown/ca01');
    expect(hash).toBe(idHashFraction('brown/ca01'));
    expect(hash).toBeGreaterThanOrEqual(0);
    expect(hash).toBeLessThan(1);
    expect(idHashFraction('brown/ca02')).not.toBe(hash);
  });

  it('maps hash ranges to val, test, train', () => {
    expect([0, 0.05, 0.1, 0.29, 0.31, 0.99].map((hash) => splitOfHash(hash, fractions))).toEqual(['val', 'val', 'test', 'test', 'train', 'train']);
  });

  it('keeps the lowest hashes of each split', () => {
    const census = emptyCensus();
    for (const hash of [0.9, 0.5, 0.7, 0.4, 0.6]) recordInCensus(census, 'train', { hash, id: String(hash) });
    expect(census.train.documents).toBe(5);
    expect(census.train.lowest.map((document) => document.hash)).toEqual([0.4, 0.5, 0.6]);
  });

  it('moves the lowest-hash documents of the largest split into empty splits', () => {
    const census = emptyCensus();
    for (const hash of [0.9, 0.5, 0.7, 0.4]) recordInCensus(census, 'train', { hash, id: `t${hash}` });
    expect(fallbackMoves(census, fractions)).toEqual(new Map([['t0.4', 'val'], ['t0.5', 'test']]));
  });

  it('leaves a split empty when its fraction is 0', () => {
    const census = emptyCensus();
    for (const hash of [0.9, 0.5, 0.7, 0.4]) recordInCensus(census, 'train', { hash, id: `t${hash}` });
    expect(fallbackMoves(census, { valFraction: 0, testFraction: 0.01 })).toEqual(new Map([['t0.4', 'test']]));
  });

  it('leaves a healthy split and a corpus of fewer than 3 documents alone', () => {
    const healthy = emptyCensus();
    recordInCensus(healthy, 'train', { hash: 0.9, id: 'a' });
    recordInCensus(healthy, 'val', { hash: 0.01, id: 'b' });
    recordInCensus(healthy, 'test', { hash: 0.2, id: 'c' });
    expect(fallbackMoves(healthy, fractions).size).toBe(0);
    const tiny = emptyCensus();
    recordInCensus(tiny, 'train', { hash: 0.9, id: 'a' });
    recordInCensus(tiny, 'train', { hash: 0.8, id: 'b' });
    expect(fallbackMoves(tiny, fractions).size).toBe(0);
  });

  it('fills an empty train split from test when test is the largest', () => {
    const census = emptyCensus();
    recordInCensus(census, 'val', { hash: 0.01, id: 'v' });
    for (const hash of [0.25, 0.15, 0.2]) recordInCensus(census, 'test', { hash, id: `t${hash}` });
    expect(fallbackMoves(census, fractions)).toEqual(new Map([['t0.15', 'train']]));
  });
});
