/**
 * @module Where verification files live in a workspace, and how they are written (atomically).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** `<workspace>/runs/<design>/<scale>`: checkpoints and stage state of a run in progress. */
export function runDirectory(workspace: string, design: string, scale: string): string {
  return join(workspace, 'runs', design, scale);
}

/** `<workspace>/verifications/<design>/<scale>.json`: the finished record. */
export function recordPath(workspace: string, design: string, scale: string): string {
  return join(workspace, 'verifications', design, `${scale}.json`);
}

/** `<workspace>/baselines/<ladder>/<scale>.json`: the untrained baseline of a scale. */
export function baselinePath(workspace: string, ladder: string, scale: string): string {
  return join(workspace, 'baselines', ladder, `${scale}.json`);
}

/** Writes JSON through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

/** The parsed JSON at `path`, or undefined when there is none. */
export async function readJsonIfPresent(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
