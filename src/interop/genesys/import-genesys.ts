/**
 * @module Imports original Genesys artifacts as design folders, one folder per design.
 *
 * @example
 * const result = await importGenesys({ source: 'designs.jsonl', out: 'library/imported' });
 * // result.designs[0] -> { name, folder, units, status, warnings }; result.skipped -> [{ name, reason }]
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeDesignFolder } from '../../core/design-folder.js';
import { readCoreSeed } from './read-core-seed.js';
import { readDesignsJsonl } from './read-designs-jsonl.js';
import { IMPLEMENTATION_FILE, readImplementationFolder } from './read-implementation-folder.js';
import { readSeedFolder, SEED_METADATA_FILE } from './read-seed-folder.js';
import type { SourceResult } from './source-result.js';
import { treeToDesign } from './tree-to-design.js';
import { UnknownSourceError } from './unknown-source-error.js';

export const ImportResultSchema = z.object({
  designs: z.array(
    z.object({
      name: z.string(),
      folder: z.string(),
      units: z.array(z.string()),
      status: z.string().describe('The original status: implemented, unfinished, initial_pass, ...'),
      warnings: z.array(z.string()),
    }),
  ),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export interface ImportGenesysOptions {
  /** designs.jsonl, core/<seed>.json, a folder with implementation.json, or a seed folder. */
  source: string;
  /** Folder that receives one design folder per imported design. */
  out: string;
}

export async function importGenesys({ source, out }: ImportGenesysOptions): Promise<ImportResult> {
  const { trees, skipped } = await readSource(source);
  const result: ImportResult = { designs: [], skipped: [...skipped] };
  const taken = new Set<string>();
  for (const tree of trees) {
    const { design, warnings } = treeToDesign(tree);
    const name = uniqueName(folderName(tree.name), taken);
    const folder = join(out, name);
    await writeDesignFolder(folder, { ...design, name });
    result.designs.push({ name, folder, units: Object.keys(design.units), status: tree.status, warnings });
  }
  return result;
}

async function readSource(source: string): Promise<SourceResult> {
  const info = await stat(source).catch((cause: unknown) => {
    throw new UnknownSourceError(source, { cause });
  });
  if (info.isFile() && source.endsWith('.jsonl')) return readDesignsJsonl(source);
  if (info.isFile() && basename(source) === IMPLEMENTATION_FILE) return readImplementationFolder(dirname(source));
  if (info.isFile() && source.endsWith('.json')) return readCoreSeed(source);
  if (info.isDirectory() && (await exists(join(source, IMPLEMENTATION_FILE)))) return readImplementationFolder(source);
  if (info.isDirectory() && (await exists(join(source, SEED_METADATA_FILE)))) return readSeedFolder(source);
  if (info.isDirectory() && basename(source) === 'units' && (await exists(join(source, 'metadata.yaml')))) return readSeedFolder(source);
  throw new UnknownSourceError(source);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A name that is safe as one path segment on every platform. */
export function folderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'design' : safe;
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let index = 2; taken.has(candidate); index += 1) candidate = `${name}-${index}`;
  taken.add(candidate);
  return candidate;
}
