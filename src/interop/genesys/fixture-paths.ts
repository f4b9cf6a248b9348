/**
 * @module Paths used by the interop tests: the repository root, our fixtures and the optional
 * reference data of the original system (a sibling checkout, absent on most machines).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'genesys');
export const REFERENCE = join(REPO_ROOT, '..', 'shared', 'reference', 'genesys');
export const HAS_REFERENCE = existsSync(join(REFERENCE, 'designs.jsonl'));
