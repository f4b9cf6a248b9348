/**
 * @module Reads an original design folder: `implementation.json` (the serialised GAU tree,
 * specs and declarations as JSON strings) and, when present, `metadata.json` for title and parents.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DESIGN_METADATA_FILE, DesignMetadataFileSchema } from './design-metadata-file.js';
import type { GenesysTree } from './genesys-tree.js';
import { ImplementationFileSchema } from './original-formats.js';
import { describeIssues, type SourceResult } from './source-result.js';

export const IMPLEMENTATION_FILE = 'implementation.json';

export async function readImplementationFolder(folder: string): Promise<SourceResult> {
  const name = basename(resolve(folder));
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(folder, IMPLEMENTATION_FILE), 'utf8'));
  } catch (error) {
    return { trees: [], skipped: [{ name, reason: `unreadable ${IMPLEMENTATION_FILE}: ${(error as Error).message}` }] };
  }
  const parsed = ImplementationFileSchema.safeParse(json);
  if (!parsed.success) return { trees: [], skipped: [{ name, reason: describeIssues(parsed.error) }] };
  const { status, implementation } = parsed.data;
  const metadataFile = await readMetadataFile(folder);
  const tree: GenesysTree = {
    name,
    root: implementation.root,
    units: implementation.units,
    declares: implementation.declares,
    parents: metadataFile?.seed_ids ?? [],
    status,
    warnings: [],
    metadata: {
      source: IMPLEMENTATION_FILE,
      title: metadataFile?.title ?? implementation.name,
      proposal: { text: implementation.proposal },
      review: implementation.review,
      rating: implementation.rating,
      suggestions: implementation.suggestions,
    },
  };
  return { trees: [tree], skipped: [] };
}

/** The optional `metadata.json`; a missing or unreadable one only costs the title and parents. */
async function readMetadataFile(folder: string) {
  try {
    const parsed = DesignMetadataFileSchema.safeParse(JSON.parse(await readFile(join(folder, DESIGN_METADATA_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
