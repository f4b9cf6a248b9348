/**
 * @module The artifact folder (GENESYS_ARTIFACTS, or `<workspace>/artifacts`): where every verify
 * job leaves its record and checkpoint. On a cluster it is a shared mount, and a node that cannot
 * write it fails every verification at the end of its training.
 */
import { constants, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { nearestExisting } from './nearest-folder.js';
import type { DoctorCheck } from './report.js';

export async function artifactsCheck(options: { artifacts: string; shared: boolean }): Promise<DoctorCheck> {
  const where = nearestExisting(options.artifacts);
  const origin = options.shared ? 'GENESYS_ARTIFACTS' : 'the workspace default';
  const fix = options.shared ? 'mount the shared folder on this machine, or point GENESYS_ARTIFACTS at a folder every node can write' : 'pass another --workspace, or set GENESYS_ARTIFACTS';
  if (!statSync(where).isDirectory()) {
    return { id: 'artifacts', status: 'fail', required: true, summary: `${options.artifacts} (${origin}) cannot be created: ${where} is not a folder`, fix };
  }
  try {
    await access(where, constants.W_OK);
  } catch {
    return { id: 'artifacts', status: 'fail', required: true, summary: `${options.artifacts} (${origin}) is not writable here (${where})`, fix };
  }
  const state = where === options.artifacts ? 'writable' : `not created yet; ${where} is writable`;
  return { id: 'artifacts', status: 'ok', required: true, summary: `${options.artifacts} (${origin}): ${state}`, details: { path: options.artifacts } };
}
