/**
 * @module Renaming identifiers in unit files through the Python AST (the warm worker pool's
 * `rename_units` op): references, class definitions and `UnitDecl(unitname=…)` strings change;
 * attributes, comments and longer names containing the old one do not.
 */
import { z } from 'zod';
import { getWorkerPool } from '../../runtime/index.js';

const ResultSchema = z.object({ codes: z.array(z.string()) });

/** Applies each entry's renames (old → new, in order) to its code; returns the codes in input order. */
export async function renameInCode(entries: { code: string; renames: [string, string][] }[]): Promise<string[]> {
  const pending = entries.filter((entry) => entry.renames.some(([from, to]) => from !== to));
  if (pending.length === 0) return entries.map((entry) => entry.code);
  const { codes } = ResultSchema.parse(await getWorkerPool().call('rename_units', { units: pending }));
  let next = 0;
  return entries.map((entry) => (pending.includes(entry) ? codes[next++]! : entry.code));
}
