/**
 * @module Disk space for checkpoints where the workspace lives. A checkpoint holds the weights and
 * AdamW's two moments (12 bytes per parameter in fp32), and every verified run keeps its own.
 */
import { statfs } from 'node:fs/promises';
import { approximateParams, type Ladder } from '../config/index.js';
import { nearestExisting } from './nearest-folder.js';
import type { DoctorCheck } from './report.js';

const CHECKPOINT_BYTES_PER_PARAM = 12;
const HEADROOM_BYTES = 1 * 2 ** 30;
const gib = (bytes: number) => bytes < 2 ** 30 ? `${Math.ceil(bytes / 2 ** 20)} MiB` : `${(bytes / 2 ** 30).toFixed(bytes < 10 * 2 ** 30 ? 1 : 0)} GiB`;

export async function diskCheck(options: { ladder: Ladder; workspace: string; concurrentRuns: number }): Promise<DoctorCheck> {
  const where = nearestExisting(options.workspace);
  const stats = await statfs(where);
  const free = stats.bavail * stats.bsize;
  const checkpoints = options.ladder.scales.map((scale) => approximateParams(options.ladder, scale) * CHECKPOINT_BYTES_PER_PARAM);
  const largest = Math.max(...checkpoints);
  const running = largest * options.concurrentRuns + HEADROOM_BYTES;
  const wholeLadder = options.ladder.scales.reduce((sum, scale, index) => sum + scale.budget * checkpoints[index]!, 0) + HEADROOM_BYTES;
  const details = { path: where, freeBytes: free, largestCheckpointBytes: largest, wholeLadderBytes: wholeLadder };
  const summary = `${gib(free)} free at ${where}; a ${options.ladder.name} checkpoint takes up to ${gib(largest)}, its whole budget about ${gib(wholeLadder)}`;
  if (free < running) return { id: 'disk', status: 'fail', required: true, details, summary, fix: `free at least ${gib(running)}, or put the workspace on a larger disk (--workspace / GENESYS_WORKSPACE)` };
  if (free < wholeLadder) return { id: 'disk', status: 'warn', required: false, details, summary, fix: 'enough to start; delete run folders of old verifications (<workspace>/runs) or move the workspace before the budget is spent' };
  return { id: 'disk', status: 'ok', required: true, details, summary };
}
