/** @module Environment variables a worker process starts with. */
import { availableParallelism } from 'node:os';
import { delimiter } from 'node:path';
import { pythonSourceDir } from './paths.js';

export interface WorkerEnvOptions {
  /** Folders put on PYTHONPATH after the package's own `python/`. */
  extraPythonPath?: string[];
  /** Extra variables, applied last. */
  env?: Record<string, string>;
  /**
   * Sandboxed workers run untrusted design code: they get only an allowlist of the parent's variables
   * (no API keys), and HOME/TMPDIR point into their scratch directory.
   */
  scratchDir?: string;
}

// What a sandboxed op may still need from the parent: locale, time zone, and where CUDA lives.
const SANDBOX_INHERITED = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'LD_LIBRARY_PATH', 'CUDA_HOME', 'CUDA_VISIBLE_DEVICES'];

export function workerEnv(options: WorkerEnvOptions = {}): Record<string, string> {
  const base = options.scratchDir ? inherit(SANDBOX_INHERITED) : inherit(Object.keys(process.env));
  // GENESYS_TORCH_THREADS splits the cores between runs that share a machine (see torchThreadsPerRun).
  const threads = process.env.GENESYS_TORCH_THREADS ?? String(availableParallelism());
  const pythonPath = [pythonSourceDir, ...(options.extraPythonPath ?? [])];
  if (!options.scratchDir && process.env.PYTHONPATH) pythonPath.push(process.env.PYTHONPATH);
  return {
    ...base,
    PYTHONPATH: pythonPath.join(delimiter),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    OMP_NUM_THREADS: threads,
    ...(options.scratchDir
      ? {
          HOME: options.scratchDir,
          TMPDIR: options.scratchDir,
          // Fewer malloc arenas keep virtual size near resident size, so RLIMIT_AS bites where memory is really used.
          MALLOC_ARENA_MAX: '4',
        }
      : {}),
    ...options.env,
  };
}

function inherit(names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
