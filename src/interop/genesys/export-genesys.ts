/**
 * @module Exports one design folder in the original's layout:
 * `<out>/<name>/implementation.json`, `metadata.json`, `units/src/<unit>.py` and `units/metadata.yaml`.
 *
 * @example
 * await exportGenesys({ design: 'library/gpt', out: 'exported' }); // -> exported/gpt/implementation.json, ...
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { readDesignFolder } from '../../core/design-folder.js';
import { designToImplementation } from './design-to-implementation.js';
import { DESIGN_METADATA_FILE, type DesignMetadataFile } from './design-metadata-file.js';
import { readExportMetadata } from './export-metadata.js';
import { folderName } from './import-genesys.js';
import { IMPLEMENTATION_FILE } from './read-implementation-folder.js';
import { SEED_METADATA_FILE } from './read-seed-folder.js';
import { seedUnitFile } from './seed-unit-file.js';

export interface ExportGenesysOptions {
  /** A design folder (or its design.json). */
  design: string;
  /** Folder that receives `<name>/`. */
  out: string;
}

export interface ExportResult {
  name: string;
  folder: string;
  files: string[];
}

export async function exportGenesys({ design: path, out }: ExportGenesysOptions): Promise<ExportResult> {
  const design = await readDesignFolder(path);
  const metadata = readExportMetadata(design.metadata);
  const name = folderName(design.name);
  const folder = join(out, name);
  await mkdir(join(folder, 'units', 'src'), { recursive: true });
  const files: Record<string, string> = {
    [IMPLEMENTATION_FILE]: `${JSON.stringify(designToImplementation(design), null, 2)}\n`,
    [DESIGN_METADATA_FILE]: `${JSON.stringify({ acronym: design.name, title: metadata.title ?? design.name, seed_ids: design.parents } satisfies DesignMetadataFile, null, 2)}\n`,
    [SEED_METADATA_FILE]: stringifyYaml(
      withoutNulls({
        name: metadata.title ?? design.name,
        root: design.root,
        proposal: metadata.proposal?.text ?? '',
        review: metadata.review,
        rating: metadata.rating,
        suggestions: metadata.suggestions,
      }),
    ),
  };
  for (const unit of Object.values(design.units)) files[`units/src/${unit.name.toLowerCase()}.py`] = seedUnitFile(unit);
  for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
  return { name, folder, files: Object.keys(files) };
}

function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
}
