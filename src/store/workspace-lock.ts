/**
 * @module An exclusive lock on a workspace's PGlite data directory: two processes writing one
 * PGlite directory corrupt it, so the second gets a clear error instead (use PostgreSQL for many).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { WorkspaceError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<path>` (a file holding our pid); a lock left by a dead process is taken over, one held by a live process (this one included) is an error. Returns the release function. */
export function lockWorkspace(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && alive(holder)) {
        throw new WorkspaceError('workspace_locked', `the workspace database is in use by process ${holder} (${path})`, {
          hint: 'PGlite serves one process at a time; stop that process, or use PostgreSQL (--db postgres://…) for several',
        });
      }
      unlinkSync(path);
    }
  }
  throw new WorkspaceError('workspace_locked', `cannot take the workspace lock ${path}`);
}
