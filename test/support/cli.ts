// Running the `genesys` CLI from tests, from source (tsx), in the repository root: blocking, or
// without blocking so that a stand-in server in the test process can answer it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

export interface CliOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ENTRY = ['--import', 'tsx', 'src/cli/main.ts'];

/** Runs `genesys args…` to the end, blocking. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const run = spawnSync(process.execPath, [...ENTRY, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...options.env }, timeout: options.timeoutMs,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `genesys args…` (stdout and stderr piped) for a test that watches or kills it. */
export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [...ENTRY, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
}

/** Runs `genesys args…` to the end without blocking this process. */
export async function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = startCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}
