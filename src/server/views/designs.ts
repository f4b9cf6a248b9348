/**
 * @module Read views of designs: the phylogenetic tree with positions and fitness, one design with
 * everything written about it, and its lineage. The tree query reads only names and edges, never
 * the design documents, so it stays fast at thousands of designs.
 */
import {
  getDesign, listImplementationAttempts, listProposals, listReviews, listVerifications, llmCost, type Db, type DesignRow,
} from '../../store/index.js';
import type { DesignDetailResponse, DesignSummary, DesignStatus, LineageDesign, LineageResponse, TreeResponse } from '../api-types.js';
import { populationFitness, type DesignFitness } from '../fitness.js';
import { NotFoundError } from '../http-errors.js';
import { resolveScope, scalesOf, type Scope } from '../scope.js';
import { layoutTree } from '../tree-layout.js';
import { createVersionedCache } from '../versioned-cache.js';
import { compareScores } from './scores.js';

function summary(row: { id: string; name: string; origin: string; createdAt: string }, fitness: Map<string, DesignFitness>): DesignSummary {
  const entry = fitness.get(row.id);
  return { id: row.id, name: row.name, origin: row.origin, createdAt: row.createdAt, fitness: entry?.fitness ?? null, rank: entry?.rank ?? null };
}

async function fitnessById(db: Db, scope: Scope): Promise<{ byId: Map<string, DesignFitness>; method: string }> {
  const population = await populationFitness(db, scope);
  return { byId: new Map(population.designs.map((design) => [design.designId, design])), method: population.method };
}

function statusOf(scales: string[], failed: string[]): DesignStatus {
  if (scales.length > 0) return 'verified';
  return failed.length > 0 ? 'failed' : 'unverified';
}

const trees = createVersionedCache<TreeResponse>();

/** Every design of the evolution with its place in the tree, status and fitness. */
export async function designTree(db: Db, scope: Scope | undefined): Promise<TreeResponse> {
  if (!scope) return { scope: null, scales: [], nodes: [], edges: [], fitnessMethod: 'no evolution yet' };
  return trees.get(db, scope, () => computeTree(db, scope));
}

async function computeTree(db: Db, scope: Scope): Promise<TreeResponse> {
  // One row of three JSON arrays: PGlite's cost is per row, so thousands of designs come back in one.
  const { rows } = await db.query(
    `SELECT
       (SELECT json_agg(json_build_array(id, name, origin, created_at) ORDER BY created_at, id) FROM designs WHERE evolution = $1)::text AS designs,
       (SELECT json_agg(json_build_array(p.design_id, p.parent_id) ORDER BY p.design_id, p.position)
          FROM design_parents p JOIN designs d ON d.id = p.design_id WHERE d.evolution = $1)::text AS edges,
       (SELECT json_agg(json_build_array(design_id, scale, status)) FROM verifications WHERE evolution = $1 AND ladder = $2)::text AS verifications`,
    [scope.evolution, scope.ladder]);
  const parse = <Row>(text: unknown): Row[] => (text === null || text === undefined ? [] : JSON.parse(String(text)) as Row[]);
  const parents = new Map<string, string[]>();
  for (const [designId, parentId] of parse<[string, string]>(rows[0]?.edges)) parents.set(designId, [...(parents.get(designId) ?? []), parentId]);
  const verified = new Map<string, { scales: string[]; failed: string[] }>();
  for (const [designId, scale, status] of parse<[string, string, string]>(rows[0]?.verifications)) {
    const entry = verified.get(designId) ?? { scales: [], failed: [] };
    (status === 'ok' ? entry.scales : entry.failed).push(scale);
    verified.set(designId, entry);
  }
  const designs = parse<[string, string, string, string]>(rows[0]?.designs).map(([id, name, origin, createdAt]) => ({
    id, name, origin, createdAt: new Date(createdAt).toISOString(), parents: parents.get(id) ?? [],
    scales: verified.get(id)?.scales ?? [], failed: verified.get(id)?.failed ?? [],
  }));
  const layout = layoutTree({ ids: designs.map((design) => design.id), parents: new Map(designs.map((design) => [design.id, design.parents])) });
  const { byId, method } = await fitnessById(db, scope);
  return {
    scope,
    scales: await scalesOf(db, scope),
    nodes: designs.map((design) => ({
      ...summary(design, byId),
      generation: layout.get(design.id)!.generation,
      slot: layout.get(design.id)!.slot,
      status: statusOf(design.scales, design.failed),
      scales: design.scales,
      failedScales: design.failed,
    })),
    edges: designs.flatMap((design) => design.parents.filter((parent) => layout.has(parent)).map((parent) => ({ source: parent, target: design.id }))),
    fitnessMethod: method,
  };
}

async function requireDesign(db: Db, id: string): Promise<DesignRow> {
  const design = await getDesign(db, { id });
  if (!design) throw new NotFoundError(`no design with id ${id}`);
  return design;
}

async function summaries(db: Db, sql: string, params: unknown[], fitness: Map<string, DesignFitness>): Promise<DesignSummary[]> {
  const { rows } = await db.query(sql, params);
  return rows.map((row) => summary({ id: String(row.id), name: String(row.name), origin: String(row.origin), createdAt: new Date(row.createdAt as string).toISOString() }, fitness));
}

const SUMMARY_COLUMNS = 'd.id, d.name, d.origin, d.created_at AS "createdAt"';

/** One design with its proposals, reviews, checker reports, verifications, scores beside its relatives', and cost. */
export async function designDetail(db: Db, options: { id: string; ladder?: string }): Promise<DesignDetailResponse> {
  const design = await requireDesign(db, options.id);
  const scope: Scope = { evolution: design.evolution, ladder: options.ladder ?? (await ladderOfDesign(db, design)) };
  const { byId, method } = await fitnessById(db, scope);
  const parents = await summaries(db,
    `SELECT ${SUMMARY_COLUMNS} FROM design_parents p JOIN designs d ON d.id = p.parent_id WHERE p.design_id = $1 ORDER BY p.position`, [design.id], byId);
  const children = await summaries(db,
    `SELECT ${SUMMARY_COLUMNS} FROM design_parents p JOIN designs d ON d.id = p.design_id WHERE p.parent_id = $1 ORDER BY d.created_at, d.id`, [design.id], byId);
  const seeds = await summaries(db,
    `SELECT ${SUMMARY_COLUMNS} FROM designs d WHERE d.evolution = $1 AND d.origin = 'seed' AND d.id <> $2 ORDER BY d.name`, [design.evolution, design.id], byId);
  const comparison = await compareScores(db, {
    scope,
    withCurves: true,
    designs: [
      { role: 'design', id: design.id, name: design.name },
      ...parents.map((parent) => ({ role: 'parent' as const, id: parent.id, name: parent.name })),
      ...seeds.filter((seed) => !parents.some((parent) => parent.id === seed.id)).map((seed) => ({ role: 'seed' as const, id: seed.id, name: seed.name })),
    ],
  });
  return {
    scope,
    design,
    fitness: byId.get(design.id) ?? null,
    fitnessMethod: method,
    parents,
    children,
    proposals: await listProposals(db, { designId: design.id }),
    reviews: await listReviews(db, { designId: design.id }),
    attempts: await listImplementationAttempts(db, { designId: design.id }),
    verifications: await listVerifications(db, { designId: design.id }),
    comparison,
    cost: { ...(await llmCost(db, { designId: design.id })), byRole: await costByRole(db, design.id) },
  };
}

/** The ladder a design's page shows by default: its evolution's (see scope.ts). */
async function ladderOfDesign(db: Db, design: DesignRow): Promise<string> {
  return (await resolveScope(db, { evolution: design.evolution }))!.ladder;
}

async function costByRole(db: Db, designId: string) {
  const { rows } = await db.query(
    `SELECT role || ' / ' || model AS key, count(*)::int AS calls, sum(tokens_in)::float8 AS "tokensIn", sum(tokens_out)::float8 AS "tokensOut",
       sum(cost_usd)::float8 AS "costUsd" FROM llm_calls WHERE design_id = $1 GROUP BY role, model ORDER BY sum(cost_usd) DESC, role, model`, [designId]);
  return rows.map((row) => ({ key: String(row.key), calls: Number(row.calls), tokensIn: Number(row.tokensIn), tokensOut: Number(row.tokensOut), costUsd: Number(row.costUsd) }));
}

// Depth-capped walks: a tree deeper than this is not drawn as one lineage anyway.
const MAX_DEPTH = 200;

/** Ancestors and descendants of a design, each with its distance, and the edges between them. */
export async function designLineage(db: Db, options: { id: string; ladder?: string }): Promise<LineageResponse> {
  const design = await requireDesign(db, options.id);
  const scope: Scope = { evolution: design.evolution, ladder: options.ladder ?? (await ladderOfDesign(db, design)) };
  const { byId } = await fitnessById(db, scope);
  const walk = async (from: 'design_id' | 'parent_id', to: 'design_id' | 'parent_id'): Promise<LineageDesign[]> => {
    const { rows } = await db.query(
      `WITH RECURSIVE walk(id, depth) AS (
         SELECT ${to}, 1 FROM design_parents WHERE ${from} = $1
         UNION SELECT p.${to}, w.depth + 1 FROM design_parents p JOIN walk w ON p.${from} = w.id WHERE w.depth < $2
       )
       SELECT ${SUMMARY_COLUMNS}, min(w.depth) AS depth FROM walk w JOIN designs d ON d.id = w.id
       GROUP BY d.id, d.name, d.origin, d.created_at ORDER BY min(w.depth), d.created_at, d.id`, [design.id, MAX_DEPTH]);
    return rows.map((row) => ({
      ...summary({ id: String(row.id), name: String(row.name), origin: String(row.origin), createdAt: new Date(row.createdAt as string).toISOString() }, byId),
      depth: Number(row.depth),
    }));
  };
  const ancestors = await walk('design_id', 'parent_id');
  const descendants = await walk('parent_id', 'design_id');
  const members = [design.id, ...ancestors.map((entry) => entry.id), ...descendants.map((entry) => entry.id)];
  const { rows } = await db.query(
    'SELECT parent_id AS source, design_id AS target FROM design_parents WHERE design_id = ANY($1::text[]) AND parent_id = ANY($1::text[]) ORDER BY design_id, position',
    [members]);
  return {
    design: summary(design, byId),
    ancestors,
    descendants,
    edges: rows.map((row) => ({ source: String(row.source), target: String(row.target) })),
  };
}
