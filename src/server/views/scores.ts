/**
 * @module Per-scale scores of designs, read lean (metric columns and the curve, never the whole
 * record), and the comparison of a design with its parents, the seeds and the untrained baseline.
 */
import type { Db } from '../../store/index.js';
import type { Metrics, ScaleScores, ScoresComparison, ScoresEntry } from '../api-types.js';
import { scaleBaselines } from '../fitness.js';
import { scalesOf, type Scope } from '../scope.js';

/** `{ task: { metric: value } }` → `{ 'task/metric': value }`. */
export function flattenResults(results: unknown): Metrics {
  const flat: Metrics = {};
  if (!results || typeof results !== 'object') return flat;
  for (const [task, metrics] of Object.entries(results as Record<string, unknown>)) {
    if (!metrics || typeof metrics !== 'object') continue;
    for (const [metric, value] of Object.entries(metrics as Record<string, unknown>)) {
      flat[`${task}/${metric}`] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
  }
  return flat;
}

function toCurve(value: unknown): [number, number][] {
  if (!Array.isArray(value)) return [];
  return value.filter((point): point is [number, number] => Array.isArray(point) && typeof point[0] === 'number' && typeof point[1] === 'number');
}

/** Scores of each design at each scale of the ladder; `withCurves` adds the training curves. */
export async function scoresOf(db: Db, options: { designIds: string[]; ladder: string; withCurves: boolean }): Promise<Map<string, ScaleScores[]>> {
  const { rows } = await db.query(
    `SELECT design_id AS "designId", scale, status, held_out_bpb AS "heldOutBpb", held_out_loss AS "heldOutLoss", params,
       record->'evaluation'->'results' AS results, record->>'reason' AS reason,
       CASE WHEN $3::boolean THEN record->'training'->'curve' ELSE NULL END AS curve
     FROM verifications WHERE design_id = ANY($1::text[]) AND ladder = $2 ORDER BY design_id, scale`,
    [options.designIds, options.ladder, options.withCurves]);
  const scores = new Map<string, ScaleScores[]>(options.designIds.map((id) => [id, []]));
  for (const row of rows) {
    scores.get(String(row.designId))?.push({
      scale: String(row.scale),
      status: String(row.status),
      heldOutBpb: row.heldOutBpb === null ? null : Number(row.heldOutBpb),
      heldOutLoss: row.heldOutLoss === null ? null : Number(row.heldOutLoss),
      params: row.params === null ? null : Number(row.params),
      metrics: flattenResults(row.results),
      curve: toCurve(row.curve),
      reason: row.reason === null ? null : String(row.reason),
    });
  }
  return scores;
}

/** The design's scores beside its parents', the seeds' and the untrained baseline's, scale by scale. */
export async function compareScores(db: Db, options: {
  scope: Scope;
  designs: { role: ScoresEntry['role']; id: string; name: string }[];
  withCurves: boolean;
}): Promise<ScoresComparison> {
  const ids = [...new Set(options.designs.map((design) => design.id))];
  const scores = await scoresOf(db, { designIds: ids, ladder: options.scope.ladder, withCurves: options.withCurves });
  const baselines = await scaleBaselines(db, options.scope);
  const entries: ScoresEntry[] = options.designs.map((design) => ({ role: design.role, designId: design.id, name: design.name, scores: scores.get(design.id) ?? [] }));
  if (baselines.size > 0) {
    entries.push({
      role: 'baseline', designId: null, name: 'untrained baseline',
      scores: [...baselines].map(([scale, baseline]) => ({
        scale, status: 'ok', heldOutBpb: baseline.heldOutBpb, heldOutLoss: baseline.heldOutLoss, params: baseline.params,
        metrics: flattenResults(baseline.results), curve: [], reason: null,
      })),
    });
  }
  const present = new Set(entries.flatMap((entry) => entry.scores.map((score) => score.scale)));
  const scales = (await scalesOf(db, options.scope)).filter((scale) => present.has(scale));
  for (const scale of present) if (!scales.includes(scale)) scales.push(scale);
  return { scales, entries };
}
