/**
 * @module What reading one original source yields: trees to convert, and inputs that were
 * skipped with a reason a person can act on.
 */
import type { ZodError } from 'zod';
import type { GenesysTree } from './genesys-tree.js';

export interface SkippedDesign {
  name: string;
  reason: string;
}

export interface SourceResult {
  trees: GenesysTree[];
  skipped: SkippedDesign[];
}

/** The first few schema problems as one line (`root: expected string`). */
export function describeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
