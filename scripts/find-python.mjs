// The Python interpreter the tests and setup use: GENESYS_PYTHON, else the first candidate that imports torch.
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['python3', '/usr/bin/python3', '/usr/local/bin/python3', 'python'];

export function findTorchPython() {
  const candidates = process.env.GENESYS_PYTHON ? [process.env.GENESYS_PYTHON] : CANDIDATES;
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findTorchPython();
  if (!found) process.exit(1);
  console.log(found);
}
