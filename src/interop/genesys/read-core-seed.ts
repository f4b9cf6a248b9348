/**
 * @module Reads an extracted `core/<seed>.json`: unit code is the verbatim seed file (tests
 * and `CHILDREN_DECLARATIONS` included), so declarations come from that list.
 */
import { readFile } from 'node:fs/promises';
import type { UnitDecl } from '../../core/design.js';
import { byUnitName, declarationsFromPython } from './read-declarations.js';
import { CoreSeedSchema } from './original-formats.js';
import { parsePythonLiteral } from './python-literal.js';
import type { GenesysTree } from './genesys-tree.js';
import { describeIssues, type SourceResult } from './source-result.js';

export async function readCoreSeed(path: string): Promise<SourceResult> {
  const name = path.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { trees: [], skipped: [{ name, reason: `malformed JSON: ${(error as Error).message}` }] };
  }
  const parsed = CoreSeedSchema.safeParse(json);
  if (!parsed.success) return { trees: [], skipped: [{ name, reason: describeIssues(parsed.error) }] };
  const seed = parsed.data;
  const declarations: UnitDecl[] = Object.values(seed.units).flatMap((unit) =>
    unit.children_declarations_src ? declarationsFromPython(parsePythonLiteral(unit.children_declarations_src)) : [],
  );
  const tree: GenesysTree = {
    name: seed.seed,
    root: seed.root,
    units: seed.units,
    declares: byUnitName(declarations),
    parents: [],
    status: 'implemented',
    warnings: [],
    metadata: {
      source: 'core',
      title: seed.metadata.name,
      proposal: { text: seed.metadata.proposal },
      review: seed.metadata.review,
      rating: seed.metadata.rating,
      suggestions: seed.metadata.suggestions,
      verifications: seed.verifications,
    },
  };
  return { trees: [tree], skipped: [] };
}
