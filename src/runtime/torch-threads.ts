/**
 * @module How many threads each torch process gets when several runs share a machine.
 *
 * Measured on a 2-core machine (torch 1.13, OpenBLAS): one training step of the micro GPT took
 * 2.2–2.4× longer with 2 threads than with 1 (d_model 64 and 128), and two 1-thread runs side by
 * side finished both in about 1.5× the time of one. Small models gain nothing from intra-op
 * threads and lose to their synchronisation, so several runs with a share of the cores each beat
 * one run with all of them. Sets GENESYS_TORCH_THREADS (read by the worker environment) unless
 * the user set it.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** An NVIDIA driver is loaded (verifications then use the GPUs, one run at a time). */
export const HAS_NVIDIA_GPU = existsSync('/dev/nvidiactl');

/** Gives each of `runs` concurrent CPU runs an equal share of the cores; returns the threads per run. */
export function splitCoresBetweenRuns(runs: number, env: NodeJS.ProcessEnv = process.env): number {
  if (env.GENESYS_TORCH_THREADS) return Number(env.GENESYS_TORCH_THREADS);
  const threads = Math.max(1, Math.floor(availableParallelism() / Math.max(1, runs)));
  env.GENESYS_TORCH_THREADS = String(threads);
  return threads;
}
