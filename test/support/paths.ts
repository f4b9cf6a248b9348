// Paths the tests share: the repository root, our fixtures, and the optional reference data of
// the original system (a sibling checkout that a user's clone does not have).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GENESYS_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'genesys');
export const REFERENCE = join(REPO_ROOT, '..', 'shared', 'reference', 'genesys');
export const HAS_REFERENCE = existsSync(join(REFERENCE, 'designs.jsonl'));
