/**
 * @module Reads an original seed folder: `units/metadata.yaml` plus one `units/src/<unit>.py`
 * per unit, whose module constants (`SPEC`, `ARGS`, `CHILDREN`, `DESC`, ...) describe it.
 * The file text is kept verbatim, as for `core/<seed>.json`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { UnitDecl } from '../../core/design.js';
import type { GenesysTree } from './genesys-tree.js';
import { OriginalSpecSchema, OriginalUnitSchema, SeedMetadataSchema, type OriginalUnit } from './original-formats.js';
import { readTopLevelConstant } from './python-literal.js';
import { byUnitName, declarationsFromPython } from './read-declarations.js';
import { describeIssues, type SourceResult } from './source-result.js';

export const SEED_METADATA_FILE = 'units/metadata.yaml';

/** `folder` is the seed folder (holding `units/`) or its `units/` folder itself. */
export async function readSeedFolder(folder: string): Promise<SourceResult> {
  const seedFolder = basename(resolve(folder)) === 'units' ? resolve(folder, '..') : resolve(folder);
  const name = basename(seedFolder);
  let metadataJson: unknown;
  try {
    metadataJson = parseYaml(await readFile(join(seedFolder, SEED_METADATA_FILE), 'utf8'));
  } catch (error) {
    return { trees: [], skipped: [{ name, reason: `unreadable ${SEED_METADATA_FILE}: ${(error as Error).message}` }] };
  }
  const metadata = SeedMetadataSchema.safeParse(metadataJson);
  if (!metadata.success) return { trees: [], skipped: [{ name, reason: `${SEED_METADATA_FILE}: ${describeIssues(metadata.error)}` }] };

  const units: Record<string, OriginalUnit> = {};
  const declarations: UnitDecl[] = [];
  const warnings: string[] = [];
  const sourceFolder = join(seedFolder, 'units', 'src');
  for (const file of (await readdir(sourceFolder)).filter((entry) => entry.endsWith('.py')).sort()) {
    const code = await readFile(join(sourceFolder, file), 'utf8');
    const unit = unitFromFile(code);
    if (typeof unit === 'string') {
      warnings.push(`units/src/${file}: ${unit}; file ignored`);
      continue;
    }
    units[unit.spec.unitname] = unit;
    declarations.push(...declarationsFromPython(readTopLevelConstant(code, 'CHILDREN_DECLARATIONS')));
  }
  const tree: GenesysTree = {
    name,
    root: metadata.data.root.trim(),
    units,
    declares: byUnitName(declarations),
    parents: [],
    status: 'implemented',
    warnings,
    metadata: {
      source: 'seed-folder',
      title: metadata.data.name.trim(),
      proposal: { text: metadata.data.proposal },
      review: metadata.data.review,
      rating: metadata.data.rating,
      suggestions: metadata.data.suggestions,
    },
  };
  return { trees: [tree], skipped: [] };
}

/** A unit from a seed file's constants (the name falls back to its GAUBase subclass), or the problem. */
function unitFromFile(code: string): OriginalUnit | string {
  const constant = (name: string) => readTopLevelConstant(code, name);
  const unitClass = /^class\s+([A-Za-z_]\w*)\s*\(\s*GAUBase\s*\)/m.exec(code)?.[1];
  const spec = OriginalSpecSchema.safeParse(constant('SPEC') ?? { unitname: unitClass });
  if (!spec.success) return 'no SPEC constant and no GAUBase class';
  const parsed = OriginalUnitSchema.safeParse({
    spec: spec.data,
    code,
    children: constant('CHILDREN') ?? [],
    args: constant('ARGS') ?? {},
    desc: constant('DESC') ?? null,
    review: constant('REVIEW') ?? null,
    rating: constant('RATING') ?? null,
    suggestions: constant('SUGGESTIONS') ?? null,
    requirements: constant('REQUIREMENTS') ?? null,
  });
  return parsed.success ? parsed.data : describeIssues(parsed.error);
}
