/**
 * @module Python interpreter discovery.
 *
 * `GENESYS_PYTHON` wins when set. Otherwise the first candidate that runs (and, when torch is required,
 * can `import torch`): on Debian `/usr/bin/python3` has `python3-torch` while `python3` on PATH may be a
 * pyenv or venv interpreter without it. Successful answers are cached per (requirement, GENESYS_PYTHON, PATH).
 */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import { PythonNotFoundError, TorchMissingError } from './errors.js';

export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3', '/usr/local/bin/python3', 'python'] as const;

/** What a probe reports about an interpreter. */
export const PythonInfoSchema = z.object({
  executable: z.string().describe('sys.executable: the real interpreter, shims resolved'),
  version: z.string(),
  torch: z.string().nullable().describe('torch.__version__, or null when not probed or not importable'),
  torchError: z.string().optional(),
});
export type PythonInfo = z.infer<typeof PythonInfoSchema>;

export interface FindPythonOptions {
  /** Require `import torch` to work (default true: every op that runs designs needs it). */
  requireTorch?: boolean;
}

// Audit hooks (the sandbox's network guard) appeared in Python 3.8.
const PROBE = `
import json, sys
info = {"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3], "torch": None}
if sys.version_info < (3, 8):
    sys.exit("Python >= 3.8 needed, found " + info["version"])
if "--torch" in sys.argv:
    try:
        import torch
        info["torch"] = torch.__version__
    except Exception as error:
        info["torchError"] = "%s: %s" % (type(error).__name__, error)
print(json.dumps(info))
`;
// Importing torch from a cold disk cache takes several seconds on small machines.
const PROBE_TIMEOUT_MS = 60_000;

const cache = new Map<string, Promise<PythonInfo>>();

/** Find the interpreter to run workers with; throws `PythonNotFoundError` or `TorchMissingError`. */
export function findPython(options: FindPythonOptions = {}): Promise<PythonInfo> {
  const requireTorch = options.requireTorch ?? true;
  const override = process.env.GENESYS_PYTHON;
  const key = JSON.stringify([requireTorch, override ?? null, process.env.PATH ?? '']);
  let found = cache.get(key);
  if (!found) {
    found = discover(requireTorch, override);
    cache.set(key, found);
    // Only successes are cached: after installing torch, the next call looks again.
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function discover(requireTorch: boolean, override: string | undefined): Promise<PythonInfo> {
  if (override) {
    const info = await probe(override, requireTorch).catch((error: unknown) => {
      throw new PythonNotFoundError(`GENESYS_PYTHON=${override} does not run: ${describe(error)}`, error);
    });
    if (requireTorch && info.torch === null) {
      throw new TorchMissingError(`GENESYS_PYTHON=${override} cannot import torch (${info.torchError ?? 'unknown'})`);
    }
    return info;
  }
  const tried: string[] = [];
  for (const candidate of PYTHON_CANDIDATES) {
    let info: PythonInfo;
    try {
      info = await probe(candidate, requireTorch);
    } catch (error) {
      tried.push(`${candidate}: ${describe(error)}`);
      continue;
    }
    if (!requireTorch || info.torch !== null) return info;
    tried.push(`${candidate} (${info.executable}): no torch (${info.torchError ?? 'unknown'})`);
  }
  const summary = tried.map((line) => `  ${line}`).join('\n');
  if (tried.some((line) => line.includes('no torch'))) {
    throw new TorchMissingError(`no Python interpreter can import torch; tried:\n${summary}`);
  }
  throw new PythonNotFoundError(`no Python >= 3.8 interpreter found; tried:\n${summary}`);
}

/**
 * Runs a Python probe (a script that prints one JSON line last) and parses that line; a failure
 * becomes an Error with the last line of stderr (the Python exception).
 */
export function runPythonJson<T>(executable: string, args: string[], schema: z.ZodType<T>, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(executable, args, { env: options.env, timeout: options.timeoutMs ?? PROBE_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(stderr.trim().split('\n').at(-1) || error.message, { cause: error }));
        return;
      }
      try {
        resolve(schema.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')));
      } catch (parseError) {
        reject(new Error(`unexpected probe output: ${stdout.slice(0, 200)}`, { cause: parseError }));
      }
    });
  });
}

function probe(executable: string, withTorch: boolean): Promise<PythonInfo> {
  return runPythonJson(executable, ['-c', PROBE, ...(withTorch ? ['--torch'] : [])], PythonInfoSchema);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
