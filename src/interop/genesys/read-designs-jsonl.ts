/**
 * @module Reads the extracted `designs.jsonl` (one original design per line) into trees.
 * A bad line is skipped with its reason; the other lines still import.
 */
import { readFile } from 'node:fs/promises';
import type { GenesysTree } from './genesys-tree.js';
import { DesignsRowSchema, type DesignsRow } from './original-formats.js';
import { describeIssues, type SourceResult } from './source-result.js';

export async function readDesignsJsonl(path: string): Promise<SourceResult> {
  const result: SourceResult = { trees: [], skipped: [] };
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fallbackName = `line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      result.skipped.push({ name: fallbackName, reason: `malformed JSON: ${(error as Error).message}` });
      return;
    }
    const row = DesignsRowSchema.safeParse(json);
    if (row.success) result.trees.push(rowToTree(row.data));
    else result.skipped.push({ name: idOf(json) ?? fallbackName, reason: describeIssues(row.error) });
  });
  return result;
}

function idOf(json: unknown): string | undefined {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function rowToTree(row: DesignsRow): GenesysTree {
  return {
    name: row.id,
    root: row.root,
    units: row.units,
    declares: row.declares,
    parents: row.seed_ids,
    status: row.status,
    warnings: [],
    metadata: {
      source: 'designs.jsonl',
      title: row.title,
      mode: row.mode,
      sessionId: row.sess_id,
      implementationRating: row.implementation_rating,
      proposal: row.proposal,
      verifiedScales: row.verified_scales,
      verifications: row.verifications ?? {},
    },
  };
}
