/**
 * @module Massey ratings over round-robin metric columns, solved exactly without materialising the
 * games: each column is a complete round robin among the designs that have it, so the Massey
 * matrix is a sum of `m·I − J` blocks (matrix-vector products in O(Σ m)) and the right-hand side
 * comes from sorted prefix sums (O(m log m) per column). Conjugate gradients then solve the
 * singular but consistent system in the subspace of zero-mean ratings.
 */

export interface MasseyColumn {
  /** Player indices (designs that have this metric). */
  players: number[];
  /** Scores, higher is better, aligned with `players`. */
  scores: number[];
  /** Differences of at most this much are draws (margin 0). */
  drawMargin: number;
}

/** First index in the ascending `sorted` whose value is ≥ `value` (or > `value` when `strict`). */
function lowerBound(sorted: Float64Array, value: number, strict: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (strict ? sorted[middle]! <= value : sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Σ_j margin(i over j) for each player of the column, accumulated into `rhs`. */
function addColumnMargins(column: MasseyColumn, rhs: Float64Array): void {
  const m = column.players.length;
  const sorted = Float64Array.from(column.scores).sort();
  const prefix = new Float64Array(m + 1);
  for (let k = 0; k < m; k += 1) prefix[k + 1] = prefix[k]! + sorted[k]!;
  for (let k = 0; k < m; k += 1) {
    const score = column.scores[k]!;
    const below = lowerBound(sorted, score - column.drawMargin, false); // players beaten: s_j < s − δ
    const above = lowerBound(sorted, score + column.drawMargin, true); // players that win: s_j > s + δ
    const wins = below * score - prefix[below]!;
    const losses = (prefix[m]! - prefix[above]!) - (m - above) * score;
    rhs[column.players[k]!]! += wins - losses;
  }
}

function multiply(columns: MasseyColumn[], vector: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (const column of columns) {
    let sum = 0;
    for (const player of column.players) sum += vector[player]!;
    const m = column.players.length;
    for (const player of column.players) out[player]! += m * vector[player]! - sum;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Massey ratings of `n` players (zero mean over the players that play some game; NaN for the
 * others). A rating is the average margin by which a player beats the field.
 */
export function massey(n: number, columns: MasseyColumn[]): Float64Array {
  const active = columns.filter((column) => column.players.length >= 2);
  const rhs = new Float64Array(n);
  for (const column of active) addColumnMargins(column, rhs);
  const x = new Float64Array(n);
  const r = Float64Array.from(rhs);
  const p = Float64Array.from(r);
  const q = new Float64Array(n);
  let rr = dot(r, r);
  const tolerance = 1e-20 * Math.max(rr, 1e-300);
  for (let iteration = 0; iteration < 4 * n + 10 && rr > tolerance; iteration += 1) {
    multiply(active, p, q);
    const alpha = rr / dot(p, q);
    for (let i = 0; i < n; i += 1) {
      x[i]! += alpha * p[i]!;
      r[i]! -= alpha * q[i]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < n; i += 1) p[i] = r[i]! + beta * p[i]!;
  }
  const played = new Uint8Array(n);
  for (const column of active) for (const player of column.players) played[player] = 1;
  let mean = 0;
  let count = 0;
  for (let i = 0; i < n; i += 1) if (played[i]) { mean += x[i]!; count += 1; }
  mean = count > 0 ? mean / count : 0;
  for (let i = 0; i < n; i += 1) x[i] = played[i] ? x[i]! - mean : Number.NaN;
  return x;
}
