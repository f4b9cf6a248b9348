import { describe, expect, it } from 'vitest';
import { massey, type MasseyColumn } from './massey.js';
import { createRng } from './rng.js';

/** Massey by the book: enumerate every game, build the dense matrix, replace one row by Σr = 0, solve by Gaussian elimination. */
function denseMassey(n: number, columns: MasseyColumn[]): number[] {
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const p = new Array<number>(n).fill(0);
  for (const column of columns) {
    for (let a = 0; a < column.players.length; a += 1) {
      for (let b = a + 1; b < column.players.length; b += 1) {
        const i = column.players[a]!;
        const j = column.players[b]!;
        const diff = column.scores[a]! - column.scores[b]!;
        const margin = Math.abs(diff) <= column.drawMargin ? 0 : diff;
        M[i]![i]! += 1; M[j]![j]! += 1; M[i]![j]! -= 1; M[j]![i]! -= 1;
        p[i]! += margin; p[j]! -= margin;
      }
    }
  }
  M[n - 1] = new Array<number>(n).fill(1);
  p[n - 1] = 0;
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(M[row]![col]!) > Math.abs(M[pivot]![col]!)) pivot = row;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    [p[col], p[pivot]] = [p[pivot]!, p[col]!];
    for (let row = 0; row < n; row += 1) {
      if (row === col) continue;
      const factor = M[row]![col]! / M[col]![col]!;
      for (let k = col; k < n; k += 1) M[row]![k]! -= factor * M[col]![k]!;
      p[row]! -= factor * p[col]!;
    }
  }
  return p.map((value, i) => value / M[i]![i]!);
}

describe('massey', () => {
  // Continuous scores: exactly at the draw margin the two formulations may round differently.
  it('matches the dense textbook solution with draws and missing values', () => {
    const rng = createRng('massey-test');
    for (let trial = 0; trial < 20; trial += 1) {
      const n = 3 + rng.int(12);
      const columns: MasseyColumn[] = [];
      // column 0 has everyone (connected); the others a random subset
      for (let c = 0; c < 1 + rng.int(4); c += 1) {
        const players = Array.from({ length: n }, (_, index) => index).filter(() => c === 0 || rng.next() < 0.6);
        columns.push({ players, scores: players.map(() => rng.next() * 0.2), drawMargin: rng.next() < 0.5 ? 0.01 : 0 });
      }
      const fast = massey(n, columns);
      const slow = denseMassey(n, columns);
      for (let i = 0; i < n; i += 1) expect(fast[i]).toBeCloseTo(slow[i]!, 8);
    }
  });

  it('gives a full round robin without draws the mean-centred scores', () => {
    const ratings = massey(4, [{ players: [0, 1, 2, 3], scores: [0.5, 0.2, 0.9, 0.4], drawMargin: 0 }]);
    [0, -0.3, 0.4, -0.1].forEach((expected, i) => expect(ratings[i]).toBeCloseTo(expected, 10));
  });

  it('treats differences within the draw margin as ties', () => {
    const ratings = massey(2, [{ players: [0, 1], scores: [0.505, 0.5], drawMargin: 0.01 }]);
    expect([...ratings]).toEqual([0, 0]);
  });

  it('leaves players without games unrated', () => {
    const ratings = massey(3, [{ players: [0, 2], scores: [1, 0], drawMargin: 0 }]);
    expect(Number.isNaN(ratings[1])).toBe(true);
    expect(ratings[0]! - ratings[2]!).toBeCloseTo(1, 10);
  });
});
