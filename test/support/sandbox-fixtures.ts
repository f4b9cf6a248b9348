// The misbehaving ops of test/fixtures/sandbox_ops.py (loaded through GENESYS_EXTRA_OPS) and a
// way to tell that a process is gone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const fixtureOps = {
  extraPythonPath: [join(REPO_ROOT, 'test', 'fixtures')],
  env: { GENESYS_EXTRA_OPS: 'sandbox_ops' },
};

/** True when the process is gone; a zombie waiting for a reaper counts as gone. */
export function processGone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}
