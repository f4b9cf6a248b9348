/** @module Where the Python package lives, found from this file so it works from `src/` (tsx) and `dist/`. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

/** The npm package root (the folder holding package.json). */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The folder to put on PYTHONPATH so `import genesys_rt` works. */
export const pythonSourceDir = join(packageRoot, 'python');
