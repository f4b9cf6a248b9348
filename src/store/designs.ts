/**
 * @module Designs and the phylogenetic tree. The design document (GAU tree with inline code) is
 * stored whole; edges and a units-by-code-hash index sit beside it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { DesignSchema, type Design } from '../core/design.js';
import { designHash } from '../verify/index.js';
import { json, type Db } from './db.js';
import { parseRows, TimestampSchema } from './row-types.js';

export const DesignRowSchema = z.object({
  id: z.string(),
  evolution: z.string(),
  name: z.string(),
  designHash: z.string(),
  origin: z.string(),
  description: z.string(),
  design: DesignSchema,
  /** Parent design ids, in the order the design lists them. */
  parents: z.array(z.string()),
  /** The evolution loop's generation that made it; null for seeds and imports. */
  generation: z.number().int().nullable().default(null),
  createdAt: TimestampSchema,
});
export type DesignRow = z.infer<typeof DesignRowSchema>;

export const DesignEdgeSchema = z.object({ designId: z.string(), parentId: z.string(), position: z.number().int() });
export type DesignEdge = z.infer<typeof DesignEdgeSchema>;

const COLUMNS = `d.id, d.evolution, d.name, d.design_hash AS "designHash", d.origin, d.description, d.design,
  coalesce((SELECT jsonb_agg(p.parent_id ORDER BY p.position) FROM design_parents p WHERE p.design_id = d.id), '[]'::jsonb) AS parents,
  d.generation, d.created_at AS "createdAt"`;

export interface InsertDesignOptions {
  evolution: string;
  design: Design;
  /** How it was made: `seed`, `import`, `mutation`, `crossover`, `scratch`, … */
  origin: string;
  description?: string;
  /** Parent ids; by default the design's `parents` names are looked up in the same evolution. */
  parentIds?: string[];
  generation?: number | null;
  /** Kept on import; generated otherwise. */
  id?: string;
  createdAt?: string;
}

async function resolveParents(db: Db, evolution: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { rows } = await db.query('SELECT id, name FROM designs WHERE evolution = $1 AND name = ANY($2::text[])', [evolution, names]);
  const byName = new Map(rows.map((row) => [String(row.name), String(row.id)]));
  const missing = names.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new InputError(`unknown parent design(s) in evolution ${evolution}: ${missing.join(', ')}`);
  return names.map((name) => byName.get(name)!);
}

/** Inserts a design with its edges and unit index in one transaction; a duplicate name or hash is an InputError. */
export async function insertDesign(db: Db, options: InsertDesignOptions): Promise<DesignRow> {
  const design = DesignSchema.parse(options.design);
  return db.transaction(async (tx) => {
    const parentIds = options.parentIds ?? (await resolveParents(tx, options.evolution, design.parents));
    const hash = designHash(design);
    const clash = await tx.query('SELECT name FROM designs WHERE evolution = $1 AND (name = $2 OR design_hash = $3)', [options.evolution, design.name, hash]);
    if (clash.rows.length > 0) {
      throw new InputError(`evolution ${options.evolution} already has a design named ${design.name} or computing the same thing (${String(clash.rows[0]?.name)})`);
    }
    const { rows } = await tx.query(
      `INSERT INTO designs (id, evolution, name, design_hash, origin, description, design, created_at, generation)
       VALUES (coalesce($1, gen_random_uuid()::text), $2, $3, $4, $5, $6, $7::jsonb, coalesce($8::timestamptz, now()), $9) RETURNING id`,
      [options.id ?? null, options.evolution, design.name, hash, options.origin, options.description ?? '', json(design), options.createdAt ?? null,
        options.generation ?? null],
    );
    const id = String(rows[0]!.id);
    await setDesignParents(tx, { designId: id, parentIds });
    for (const unit of Object.values(design.units)) {
      await tx.query('INSERT INTO design_units (design_id, unit_name, code_hash) VALUES ($1, $2, $3)', [id, unit.name, codeHash(unit.code)]);
    }
    return (await getDesign(tx, { id }))!;
  });
}

/** Replaces a design's parent edges (import inserts all designs first, then the edges). */
export async function setDesignParents(db: Db, options: { designId: string; parentIds: string[] }): Promise<void> {
  await db.query('DELETE FROM design_parents WHERE design_id = $1', [options.designId]);
  for (const [position, parentId] of options.parentIds.entries()) {
    await db.query('INSERT INTO design_parents (design_id, position, parent_id) VALUES ($1, $2, $3)', [options.designId, position, parentId]);
  }
}

/** sha256 of a unit file, the key of the units index. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

export async function getDesign(db: Db, options: { id: string }): Promise<DesignRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM designs d WHERE d.id = $1`, [options.id]);
  return parseRows(DesignRowSchema, rows)[0];
}

export async function findDesign(db: Db, options: { evolution: string; name: string }): Promise<DesignRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM designs d WHERE d.evolution = $1 AND d.name = $2`, [options.evolution, options.name]);
  return parseRows(DesignRowSchema, rows)[0];
}

/**
 * Designs of an evolution (all evolutions when omitted), oldest first. Designs stored in one
 * transaction share a timestamp, so names break ties: the order (and every seeded choice made
 * from it) is the same in every run.
 */
export async function listDesigns(db: Db, options: { evolution?: string } = {}): Promise<DesignRow[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM designs d WHERE $1::text IS NULL OR d.evolution = $1 ORDER BY d.evolution, d.created_at, d.name, d.id`,
    [options.evolution ?? null],
  );
  return parseRows(DesignRowSchema, rows);
}

/** The phylogenetic tree of an evolution as edges child → parent. */
export async function designEdges(db: Db, options: { evolution: string }): Promise<DesignEdge[]> {
  const { rows } = await db.query(
    `SELECT p.design_id AS "designId", p.parent_id AS "parentId", p.position FROM design_parents p
     JOIN designs d ON d.id = p.design_id WHERE d.evolution = $1 ORDER BY p.design_id, p.position`,
    [options.evolution],
  );
  return parseRows(DesignEdgeSchema, rows);
}

/** Ids of the designs containing a unit with exactly this code. */
export async function designsUsingUnit(db: Db, options: { codeHash: string }): Promise<{ designId: string; unitName: string }[]> {
  const { rows } = await db.query('SELECT design_id AS "designId", unit_name AS "unitName" FROM design_units WHERE code_hash = $1 ORDER BY design_id', [options.codeHash]);
  return rows.map((row) => ({ designId: String(row.designId), unitName: String(row.unitName) }));
}
