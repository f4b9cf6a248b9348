/**
 * @module What is happening: the overview page's numbers, LLM spend broken down, verifications
 * newest first, and the list of evolutions.
 */
import { countJobs, JOB_COLUMNS, JobRowSchema, leaderboard, listBudgets, llmCost, type Db } from '../../store/index.js';
import type { CostGroup, CostsResponse, EvolutionsResponse, OverviewResponse, VerificationSummary } from '../api-types.js';
import { populationFitness } from '../fitness.js';
import { resolveScope, scalesOf, type Scope } from '../scope.js';
import { recentEvents } from './events.js';
import { jobSummary, nodeViews } from './operations.js';

export async function evolutionList(db: Db): Promise<EvolutionsResponse> {
  const { rows } = await db.query(
    `SELECT e.name, e.created_at AS "createdAt", (SELECT count(*)::int FROM designs d WHERE d.evolution = e.name) AS designs,
       coalesce((SELECT jsonb_agg(DISTINCT v.ladder) FROM verifications v WHERE v.evolution = e.name), '[]'::jsonb) AS ladders
     FROM evolutions e ORDER BY e.created_at DESC, e.name`);
  return {
    evolutions: rows.map((row) => ({
      name: String(row.name), createdAt: new Date(row.createdAt as string).toISOString(), designs: Number(row.designs), ladders: row.ladders as string[],
    })),
    current: (await resolveScope(db, {})) ?? null,
  };
}

export async function overview(db: Db, scope: Scope | undefined): Promise<OverviewResponse> {
  const running = await db.query(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.status = 'running' ORDER BY j.started_at, j.id LIMIT 50`);
  const common = {
    jobs: await countJobs(db),
    runningJobs: running.rows.map((row) => jobSummary(JobRowSchema.parse(row))),
    nodes: await nodeViews(db),
    events: await recentEvents(db, { evolution: scope?.evolution, limit: 30 }),
  };
  if (!scope) {
    return {
      ...common, scope: null, counts: { designs: 0, verifiedDesigns: 0, verifications: 0, failedVerifications: 0 },
      spend: await llmCost(db), best: [], budgets: [], fitnessMethod: 'no evolution yet',
    };
  }
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM designs WHERE evolution = $1) AS designs,
       (SELECT count(DISTINCT design_id)::int FROM verifications WHERE evolution = $1 AND ladder = $2 AND status = 'ok') AS "verifiedDesigns",
       (SELECT count(*)::int FROM verifications WHERE evolution = $1 AND ladder = $2) AS verifications,
       (SELECT count(*)::int FROM verifications WHERE evolution = $1 AND ladder = $2 AND status <> 'ok') AS "failedVerifications"`,
    [scope.evolution, scope.ladder]);
  const population = await populationFitness(db, scope);
  const fitness = new Map(population.designs.map((design) => [design.designId, design.fitness]));
  const board = await leaderboard(db, { evolution: scope.evolution, ladder: scope.ladder, limit: 3 });
  const scales = await scalesOf(db, scope);
  return {
    ...common,
    scope,
    counts: rows[0] as OverviewResponse['counts'],
    spend: await llmCost(db, { evolution: scope.evolution }),
    best: scales.map((scale) => ({
      scale,
      entries: board.filter((entry) => entry.scale === scale).map((entry) => ({
        designId: entry.designId, name: entry.designName, heldOutBpb: entry.heldOutBpb, fitness: fitness.get(entry.designId) ?? null,
      })),
    })),
    budgets: (await listBudgets(db, { evolution: scope.evolution })).filter((budget) => budget.ladder === scope.ladder),
    fitnessMethod: population.method,
  };
}

function costGroups(rows: Record<string, unknown>[]): CostGroup[] {
  return rows.map((row) => ({
    key: String(row.key), calls: Number(row.calls), tokensIn: Number(row.tokensIn), tokensOut: Number(row.tokensOut), costUsd: Number(row.costUsd),
  }));
}

const SUMS = `count(*)::int AS calls, sum(tokens_in)::float8 AS "tokensIn", sum(tokens_out)::float8 AS "tokensOut", sum(cost_usd)::float8 AS "costUsd"`;

/** LLM spend of an evolution (all calls when there is none) by model, role, design and day. */
export async function costs(db: Db, scope: Scope | undefined): Promise<CostsResponse> {
  const evolution = scope?.evolution ?? null;
  const where = '($1::text IS NULL OR evolution = $1)';
  const group = async (key: string) =>
    costGroups((await db.query(`SELECT ${key} AS key, ${SUMS} FROM llm_calls WHERE ${where} GROUP BY 1 ORDER BY sum(cost_usd) DESC, 1`, [evolution])).rows);
  const byDesign = await db.query(
    `SELECT c.design_id AS key, c.design_id AS "designId", d.name, count(*)::int AS calls, sum(c.tokens_in)::float8 AS "tokensIn",
       sum(c.tokens_out)::float8 AS "tokensOut", sum(c.cost_usd)::float8 AS "costUsd"
     FROM llm_calls c LEFT JOIN designs d ON d.id = c.design_id
     WHERE ($1::text IS NULL OR c.evolution = $1) AND c.design_id IS NOT NULL GROUP BY c.design_id, d.name ORDER BY sum(c.cost_usd) DESC, c.design_id LIMIT 25`,
    [evolution]);
  const byDay = await db.query(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(cost_usd)::float8 AS "costUsd", count(*)::int AS calls
     FROM llm_calls WHERE ${where} GROUP BY 1 ORDER BY 1`, [evolution]);
  return {
    scope: scope ?? null,
    total: await llmCost(db, evolution ? { evolution } : {}),
    byModel: await group('model'),
    byRole: await group('role'),
    byDesign: costGroups(byDesign.rows).map((entry, index) => ({
      ...entry, designId: String(byDesign.rows[index]!.designId), name: byDesign.rows[index]!.name === null ? null : String(byDesign.rows[index]!.name),
    })),
    byDay: byDay.rows.map((row) => ({ day: String(row.day), costUsd: Number(row.costUsd), calls: Number(row.calls) })),
  };
}

/** Verifications without their records, newest first. */
export async function verificationList(db: Db, options: { scope?: Scope; designId?: string; scale?: string; status?: string; limit: number }): Promise<VerificationSummary[]> {
  const { rows } = await db.query(
    `SELECT v.id, v.design_id AS "designId", d.name AS "designName", v.ladder, v.scale, v.status, v.held_out_bpb AS "heldOutBpb",
       v.held_out_loss AS "heldOutLoss", v.params, v.wall_seconds AS "wallSeconds", v.record->>'reason' AS reason, v.updated_at AS "updatedAt"
     FROM verifications v JOIN designs d ON d.id = v.design_id
     WHERE ($1::text IS NULL OR v.evolution = $1) AND ($2::text IS NULL OR v.ladder = $2) AND ($3::text IS NULL OR v.design_id = $3)
       AND ($4::text IS NULL OR v.scale = $4) AND ($5::text IS NULL OR v.status = $5)
     ORDER BY v.updated_at DESC, v.id LIMIT $6`,
    [options.scope?.evolution ?? null, options.scope?.ladder ?? null, options.designId ?? null, options.scale ?? null, options.status ?? null, options.limit]);
  const number = (value: unknown) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    id: String(row.id), designId: String(row.designId), designName: String(row.designName), ladder: String(row.ladder), scale: String(row.scale),
    status: String(row.status), heldOutBpb: number(row.heldOutBpb), heldOutLoss: number(row.heldOutLoss), params: number(row.params),
    wallSeconds: number(row.wallSeconds), reason: row.reason === null ? null : String(row.reason), updatedAt: new Date(row.updatedAt as string).toISOString(),
  }));
}
