/** @module The nearest existing folder of a path that may not exist yet (what will hold it once created). */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

export function nearestExisting(path: string): string {
  let where = path;
  while (!existsSync(where) && dirname(where) !== where) where = dirname(where);
  return where;
}
