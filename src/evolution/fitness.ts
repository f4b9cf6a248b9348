/**
 * @module The one fitness of the system (README "Fitness"): per-scale metric columns, a column kept
 * only where some design beats the scale's untrained baseline by a margin, Massey ratings over all
 * pairwise comparisons within each column (small differences are draws), and a confidence that
 * grows with the scales a design has been verified at. Pure functions of a population snapshot.
 *
 * Each column is measured in its own noise unit (a task's standard error, the run-to-run noise of
 * held-out loss), so a rating is in standard errors and a precise metric is not outvoted by a
 * noisy one: with 200 items per task, a 0.1 accuracy gap is 3 standard errors, while a 0.1
 * bits-per-byte gap is 5 run-to-run noises.
 *
 * Decisions that differ from the original (see docs/evolution.md): designs are compared only at the
 * same scale (no averaging over the scales each happens to have); a missing value means no game,
 * never a dropped column; held-out bits per byte is a column (it is the metric that separates
 * designs at small scales); the reviewer's rating of a proposal is not part of fitness.
 */
import { z } from 'zod';
import type { BaselineRecord, VerificationRecord } from '../verify/index.js';
import { massey, type MasseyColumn } from './massey.js';

export const FitnessOptionsSchema = z.object({
  drawMargin: z.number().nonnegative().default(0.01).describe('Accuracy differences up to this much are draws'),
  bpbDrawMargin: z.number().nonnegative().default(0.01).describe('Held-out bits-per-byte differences up to this much are draws'),
  bpbNoise: z.number().positive().default(0.02)
    .describe('Run-to-run noise of held-out bits per byte (training seed, data order): the unit its games are measured in'),
  baselineMargin: z.number().nonnegative().default(0.02)
    .describe('A metric column is kept when some design beats the untrained baseline by at least this much (score units)...'),
  significance: z.number().nonnegative().default(2)
    .describe('...and by at least this many of its own standard errors (so small tasks at chance stay out)'),
  topShare: z.number().gt(0).lt(1).default(0.25).describe('Share of designs counted as good, and as high-confidence (the quadrant split)'),
});
export type FitnessOptions = z.infer<typeof FitnessOptionsSchema>;

export interface RankInput {
  designs: { id: string; name: string }[];
  /** Scale names in ladder order (confidence points are 1, 2, 3, … along it). */
  scales: string[];
  /** Verifications of the designs on this ladder; only `ok` records carry metrics. */
  verifications: { designId: string; scale: string; record: VerificationRecord }[];
  /** The untrained baseline of each scale, when known. */
  baselines: Map<string, BaselineRecord>;
}

export interface FitnessColumn {
  /** `<scale>/<metric>`, e.g. `micro-1/held_out_bpb` or `micro-1/piqa.acc_norm`. */
  key: string;
  scale: string;
  metric: string;
  kept: boolean;
  reason: string;
  /** The baseline's raw value, when there is one. */
  baseline: number | null;
  /** Designs that have a value. */
  players: number;
}

export type Quadrant = 'good-high' | 'good-low' | 'poor-high' | 'poor-low';

export interface RankedDesign {
  designId: string;
  name: string;
  /** Massey rating in standard errors: the average margin by which it beats the others; null without a verified metric. */
  fitness: number | null;
  /** 1 = best; null when unranked. */
  rank: number | null;
  confidence: number;
  /** Scales with an `ok` verification, in ladder order. */
  scales: string[];
  quadrant: Quadrant | null;
  /** Raw metric values by column key (kept or not). */
  metrics: Record<string, number>;
}

export interface Ranking {
  /** Best first; unranked designs last, in input order. */
  designs: RankedDesign[];
  columns: FitnessColumn[];
  byId: Map<string, RankedDesign>;
}

interface RawValue {
  value: number;
  /** Higher-is-better score in [0, 1]-like units. */
  score: number;
  stderr: number;
}

const BPB = 'held_out_bpb';
// Bits per byte of a model that knows nothing about bytes: the yardstick when a scale has no baseline yet.
const UNIFORM_BYTE_BPB = 8;

/** The metric values of one evaluation: held-out bpb and each task's acc_norm (acc where there is none). */
function metricValues(evaluation: { heldOut: { bitsPerByte: number }; results: Record<string, Record<string, number | null>> }, bpbScale: number): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  const bpb = evaluation.heldOut.bitsPerByte;
  values.set(BPB, { value: bpb, score: (bpbScale - bpb) / bpbScale, stderr: 0 });
  for (const [task, metrics] of Object.entries(evaluation.results)) {
    const name = metrics['acc_norm,none'] != null ? 'acc_norm' : metrics['acc,none'] != null ? 'acc' : null;
    if (!name) continue;
    const value = metrics[`${name},none`]!;
    values.set(`${task}.${name}`, { value, score: value, stderr: metrics[`${name}_stderr,none`] ?? 0 });
  }
  return values;
}

/** Ranks a population; see the module comment for the definition. */
export function rankPopulation(input: RankInput, options: Partial<FitnessOptions> = {}): Ranking {
  const settings = FitnessOptionsSchema.parse(options);
  const index = new Map(input.designs.map((design, i) => [design.id, i]));
  const scaleOrder = new Map(input.scales.map((scale, i) => [scale, i]));
  const verifiedScales = input.designs.map(() => new Set<string>());
  const metrics = input.designs.map(() => ({} as Record<string, number>));
  // column key → the players' values
  const cells = new Map<string, { scale: string; metric: string; players: number[]; values: RawValue[] }>();

  for (const verification of input.verifications) {
    const player = index.get(verification.designId);
    if (player === undefined || verification.record.status !== 'ok' || !scaleOrder.has(verification.scale)) continue;
    verifiedScales[player]!.add(verification.scale);
    const baseline = input.baselines.get(verification.scale);
    const bpbScale = baseline?.evaluation.heldOut.bitsPerByte ?? UNIFORM_BYTE_BPB;
    for (const [metric, raw] of metricValues(verification.record.evaluation, bpbScale)) {
      const key = `${verification.scale}/${metric}`;
      metrics[player]![key] = raw.value;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { scale: verification.scale, metric, players: [], values: [] }));
      cell.players.push(player);
      cell.values.push(raw);
    }
  }

  const columns: FitnessColumn[] = [];
  const games: MasseyColumn[] = [];
  for (const [key, cell] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = input.baselines.get(cell.scale);
    const baselineRaw = baseline ? metricValues(baseline.evaluation, baseline.evaluation.heldOut.bitsPerByte).get(cell.metric) : undefined;
    let kept = true;
    let reason = 'no baseline at this scale: kept';
    if (baselineRaw) {
      const best = Math.max(...cell.values.map((raw) => raw.score - baselineRaw.score - Math.max(settings.baselineMargin, settings.significance * raw.stderr)));
      kept = best >= 0;
      reason = kept ? 'some design beats the baseline by the margin' : 'no design beats the baseline by the margin';
    }
    if (cell.players.length < 2) reason += '; one design so far (no comparisons)';
    columns.push({ key, scale: cell.scale, metric: cell.metric, kept, reason, baseline: baselineRaw?.value ?? null, players: cell.players.length });
    if (!kept) continue;
    const bpbScale = baseline?.evaluation.heldOut.bitsPerByte ?? UNIFORM_BYTE_BPB;
    // The column's noise in score units: the games are played in standard errors.
    const noise = cell.metric === BPB
      ? settings.bpbNoise / bpbScale
      : Math.max(cell.values.reduce((sum, raw) => sum + raw.stderr, 0) / cell.values.length, settings.drawMargin);
    const drawMargin = (cell.metric === BPB ? settings.bpbDrawMargin / bpbScale : settings.drawMargin) / noise;
    games.push({ players: cell.players, scores: cell.values.map((raw) => raw.score / noise), drawMargin });
  }

  const ratings = massey(input.designs.length, games);
  const ranked = input.designs.map((design, i): RankedDesign => {
    const scales = [...verifiedScales[i]!].sort((a, b) => scaleOrder.get(a)! - scaleOrder.get(b)!);
    return {
      designId: design.id,
      name: design.name,
      fitness: Number.isNaN(ratings[i]!) ? null : ratings[i]!,
      rank: null,
      confidence: scales.reduce((sum, scale) => sum + scaleOrder.get(scale)! + 1, 0),
      scales,
      quadrant: null,
      metrics: metrics[i]!,
    };
  });
  const withFitness = ranked.filter((design) => design.fitness !== null);
  // Ties keep input order (oldest first), so the ranking is deterministic.
  withFitness.sort((a, b) => b.fitness! - a.fitness!);
  withFitness.forEach((design, position) => { design.rank = position + 1; });
  const goodCut = topShareThreshold(withFitness.map((design) => design.fitness!), settings.topShare);
  const confidenceCut = topShareThreshold(withFitness.map((design) => design.confidence), settings.topShare);
  for (const design of withFitness) {
    const good = design.fitness! > goodCut;
    const high = design.confidence > confidenceCut;
    design.quadrant = `${good ? 'good' : 'poor'}-${high ? 'high' : 'low'}`;
  }
  const designs = [...withFitness, ...ranked.filter((design) => design.fitness === null)];
  return { designs, columns, byId: new Map(designs.map((design) => [design.designId, design])) };
}

/**
 * The value above which a design is in the top `share`: the midpoint between the last member of the
 * top group and the next value. Ties at the cut fall below it, so when every design has the same
 * confidence none is "high" (rather than an arbitrary subset).
 */
export function topShareThreshold(values: number[], share: number): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => b - a);
  const top = Math.max(1, Math.ceil(share * sorted.length));
  if (top >= sorted.length) return sorted[sorted.length - 1]! - 1;
  return (sorted[top - 1]! + sorted[top]!) / 2;
}

/** A rating as people read it: signed, two decimals (standard errors). */
export function formatFitness(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
