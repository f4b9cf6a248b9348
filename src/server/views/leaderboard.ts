/**
 * @module The leaderboard of one scale: every design with a finished verification there, its
 * metric columns, fitness and rank, and the untrained baseline's row.
 */
import type { Db } from '../../store/index.js';
import type { LeaderboardResponse } from '../api-types.js';
import { populationFitness, scaleBaselines } from '../fitness.js';
import { InputError } from '../../core/errors.js';
import { scalesOf, type Scope } from '../scope.js';
import { flattenResults } from './scores.js';

export async function scaleLeaderboard(db: Db, scope: Scope | undefined, requestedScale?: string): Promise<LeaderboardResponse> {
  if (!scope) return { scope: null, scales: [], scale: null, metrics: [], rows: [], baseline: null, fitnessMethod: 'no evolution yet', fitnessColumns: [] };
  const scales = await scalesOf(db, scope);
  if (requestedScale !== undefined && !scales.includes(requestedScale)) {
    throw new InputError(`evolution ${scope.evolution} has no verification at scale ${requestedScale} on ladder ${scope.ladder}`, {
      hint: scales.length > 0 ? `scales: ${scales.join(', ')}` : 'nothing is verified yet',
    });
  }
  const population = await populationFitness(db, scope);
  const scale = requestedScale ?? scales[0] ?? null;
  if (scale === null) return { scope, scales, scale, metrics: [], rows: [], baseline: null, fitnessMethod: population.method, fitnessColumns: population.columns };
  // One JSON array rather than a row per design: PGlite's cost is per row.
  const { rows } = await db.query(
    `SELECT json_agg(json_build_array(v.design_id, d.name, d.origin, v.held_out_bpb, v.held_out_loss, v.params, v.wall_seconds,
       v.record->'evaluation'->'results') ORDER BY v.held_out_bpb NULLS LAST, v.design_id)::text AS rows
     FROM verifications v JOIN designs d ON d.id = v.design_id
     WHERE v.evolution = $1 AND v.ladder = $2 AND v.scale = $3 AND v.status = 'ok'`, [scope.evolution, scope.ladder, scale]);
  type Row = [string, string, string, number | null, number | null, number | null, number | null, unknown];
  const fitness = new Map(population.designs.map((design) => [design.designId, design]));
  const entries = (JSON.parse(String(rows[0]?.rows ?? '[]')) as Row[]).map(([designId, name, origin, heldOutBpb, heldOutLoss, params, wallSeconds, results]) => ({
    designId, name, origin, heldOutBpb, heldOutLoss, params, wallSeconds,
    metrics: flattenResults(results),
    fitness: fitness.get(designId)?.fitness ?? null,
    rank: fitness.get(designId)?.rank ?? null,
  }));
  const baseline = (await scaleBaselines(db, scope)).get(scale);
  const baselineMetrics = baseline ? flattenResults(baseline.results) : {};
  const metrics = [...new Set([...entries.flatMap((entry) => Object.keys(entry.metrics)), ...Object.keys(baselineMetrics)])].sort();
  return {
    scope,
    scales,
    scale,
    metrics,
    rows: entries,
    baseline: baseline ? { heldOutBpb: baseline.heldOutBpb, heldOutLoss: baseline.heldOutLoss, params: baseline.params, metrics: baselineMetrics } : null,
    fitnessMethod: population.method,
    fitnessColumns: population.columns,
  };
}
