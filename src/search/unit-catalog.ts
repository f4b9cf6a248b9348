/**
 * @module Unit search: every unit of the seed library (`library/<seed>/`) and of every design in the
 * store, one BM25 document per distinct unit file (by code hash), searched by name, docstring,
 * description and code identifiers (split camelCase/snake_case), so the coder can reuse a unit
 * instead of rewriting it. Hits list every design that holds the same unit file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readDesignFolder } from '../core/design-folder.js';
import type { Design, Unit } from '../core/design.js';
import { packageRoot } from '../runtime/index.js';
import { codeHash, listDesigns, type Db } from '../store/index.js';
import { Bm25Index } from './bm25-index.js';
import { codeExcerpt, firstLine } from './excerpt.js';
import { processTerm, tokenize } from './tokenize.js';

/** A design whose units are searched: a seed of the library (evolution null) or a stored design. */
export interface CatalogDesign {
  design: Design;
  evolution: string | null;
  designId: string | null;
}

export const UnitPlaceSchema = z.object({
  design: z.string(),
  /** null for a seed of the library. */
  evolution: z.string().nullable(),
  unit: z.string(),
});
export type UnitPlace = z.infer<typeof UnitPlaceSchema>;

export const UnitHitSchema = z.object({
  unit: z.string(),
  design: z.string(),
  evolution: z.string().nullable(),
  /** `<design>.<Unit>`: what a reusing unit's `reuseFrom` says. */
  reuseFrom: z.string(),
  /** Every design holding this same unit file. */
  places: z.array(UnitPlaceSchema),
  summary: z.string().describe('First line of the docstring'),
  description: z.string(),
  score: z.number(),
  codeExcerpt: z.string(),
  code: z.string(),
  matches: z.array(z.object({ word: z.string(), fields: z.array(z.string()) })),
});
export type UnitHit = z.infer<typeof UnitHitSchema>;

/** Name counts most; docstring and description next; code identifiers least (they repeat a lot). */
export const UNIT_FIELD_BOOSTS = { name: 4, document: 1.5, description: 1.5, code: 0.5 } as const;

export interface UnitCatalog {
  index: Bm25Index;
  units: Map<string, { unit: Unit; places: UnitPlace[] }>;
  designs: number;
}

/** The seed designs of the library folder (default: the package's `library/`), each folder with a design.json. */
export async function readSeedDesigns(folder = join(packageRoot, 'library')): Promise<Design[]> {
  if (!existsSync(folder)) return [];
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'design.json')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(names.map((name) => readDesignFolder(join(folder, name))));
}

/** Seeds first, then the store's designs (all evolutions, oldest first). */
export async function catalogDesigns(options: { db?: Db; seedFolder?: string }): Promise<CatalogDesign[]> {
  const seeds = (await readSeedDesigns(options.seedFolder)).map((design) => ({ design, evolution: null, designId: null }));
  const stored = options.db ? (await listDesigns(options.db)).map((row) => ({ design: row.design, evolution: row.evolution, designId: row.id })) : [];
  return [...seeds, ...stored];
}

/** Builds the unit index; a unit file found in several designs is one document with several places. */
export function buildUnitCatalog(designs: CatalogDesign[]): UnitCatalog {
  const units = new Map<string, { unit: Unit; places: UnitPlace[] }>();
  for (const { design, evolution } of designs) {
    for (const unit of Object.values(design.units)) {
      const key = codeHash(unit.code);
      const entry = units.get(key) ?? { unit, places: [] };
      entry.places.push({ design: design.name, evolution, unit: unit.name });
      units.set(key, entry);
    }
  }
  const index = new Bm25Index(Object.keys(UNIT_FIELD_BOOSTS), { tokenize, processTerm });
  index.addAll([...units].map(([id, { unit }]) => ({ id, name: unit.name, document: unit.document, description: unit.description, code: unit.code })));
  return { index, units, designs: designs.length };
}

/** The `k` best units for a query (a name, a docstring phrase, identifiers). */
export function searchUnitCatalog(catalog: UnitCatalog, query: string, options: { k?: number } = {}): UnitHit[] {
  const words = tokenize(query).flatMap((word) => {
    const term = processTerm(word);
    return term ? [{ word: word.toLowerCase(), term }] : [];
  });
  const terms = new Set(words.map((word) => word.term));
  return catalog.index.search(query, { boost: UNIT_FIELD_BOOSTS, k: options.k ?? 10 }).flatMap((result) => {
    const entry = catalog.units.get(String(result.id));
    if (!entry) return [];
    const [first] = entry.places;
    const matches = [...new Map(words.filter((word) => result.match[word.term]).map((word) => [word.term, word])).values()]
      .map((word) => ({ word: word.word, fields: result.match[word.term] ?? [] }));
    return [{
      unit: entry.unit.name,
      design: first!.design,
      evolution: first!.evolution,
      reuseFrom: `${first!.design}.${first!.unit}`,
      places: entry.places,
      summary: firstLine(entry.unit.document),
      description: entry.unit.description,
      score: result.score,
      codeExcerpt: codeExcerpt(entry.unit.code, terms),
      code: entry.unit.code,
      matches,
    }];
  });
}
