// Executes converted unit files under genesys_rt.compat, to prove they are valid Python that
// defines their class (generated CHILDREN_DECLARATIONS included).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findPython } from '../../src/runtime/index.js';
import { REPO_ROOT } from './paths.js';

const SCRIPT = `
import json, sys, warnings
warnings.simplefilter("ignore")
from genesys_rt import compat
compat.install()
failures = {}
for path in json.load(sys.stdin):
    try:
        namespace = {"__name__": "unit"}
        exec(compile(open(path).read(), path, "exec"), namespace)
        assert isinstance(namespace.get("CHILDREN_DECLARATIONS"), list), "no CHILDREN_DECLARATIONS list"
    except Exception as error:
        failures[path] = f"{type(error).__name__}: {error}"
print(json.dumps(failures))
`;

/** A Python that can import torch, or null (tests that need one are skipped). */
export const PYTHON = await findPython({ requireTorch: true }).then((info) => info.executable, () => null);

/** Executes each file in a fresh namespace; returns `{path: error}` for the ones that failed. */
export function executeUnitFiles(python: string, files: string[]): Record<string, string> {
  const run = spawnSync(python, ['-c', SCRIPT], { cwd: join(REPO_ROOT, 'python'), input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string>;
}
