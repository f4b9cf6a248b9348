/**
 * @module Two designs side by side: their units matched (same, changed, added, removed) and their
 * scores at every scale, with the untrained baseline for reference.
 */
import { getDesign, type Db, type DesignRow } from '../../store/index.js';
import type { CompareResponse, DesignSummary } from '../api-types.js';
import { populationFitness } from '../fitness.js';
import { NotFoundError } from '../http-errors.js';
import { resolveScope, type Scope } from '../scope.js';
import { diffUnits } from '../unit-diff.js';
import { compareScores } from './scores.js';

async function load(db: Db, id: string): Promise<DesignRow> {
  const design = await getDesign(db, { id });
  if (!design) throw new NotFoundError(`no design with id ${id}`);
  return design;
}

export async function compareDesigns(db: Db, options: { a: string; b: string; ladder?: string }): Promise<CompareResponse> {
  const [a, b] = [await load(db, options.a), await load(db, options.b)];
  const scope: Scope = options.ladder ? { evolution: a.evolution, ladder: options.ladder } : (await resolveScope(db, { evolution: a.evolution }))!;
  const population = await populationFitness(db, scope);
  const fitness = new Map(population.designs.map((design) => [design.designId, design]));
  const summary = (row: DesignRow): DesignSummary => ({
    id: row.id, name: row.name, origin: row.origin, createdAt: row.createdAt,
    fitness: fitness.get(row.id)?.fitness ?? null, rank: fitness.get(row.id)?.rank ?? null,
  });
  return {
    scope,
    a: { summary: summary(a), design: a.design },
    b: { summary: summary(b), design: b.design },
    units: diffUnits(a.design, b.design),
    comparison: await compareScores(db, {
      scope,
      withCurves: true,
      designs: [{ role: 'design', id: a.id, name: a.name }, { role: 'design', id: b.id, name: b.name }],
    }),
  };
}
