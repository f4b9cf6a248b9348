/** @module One worker child process: spawn it, frame its stdout into protocol messages, keep its stderr tail. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProtocolError } from './errors.js';
import { encodeRequest, parseWorkerLine, type Request, type WorkerMessage } from './protocol.js';

// Enough for a Python traceback plus the lines before it.
const STDERR_TAIL_CHARS = 8_000;

export interface SpawnWorkerOptions {
  python: string;
  /** Arguments after `-m genesys_rt.worker`, e.g. `['--once', '--sandbox', json]`. */
  workerArgs: string[];
  /** A command that execs the rest, e.g. `['unshare', '--net']`; it must not fork, so pid stays the worker's. */
  prefix?: string[];
  env: Record<string, string>;
  cwd?: string;
  onMessage: (message: WorkerMessage) => void;
  onProtocolError: (error: ProtocolError) => void;
  onStderr?: (text: string) => void;
}

export interface WorkerExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError?: Error;
}

export interface WorkerProcess {
  /** Also the process-group id: workers are spawned detached. Undefined when spawning failed. */
  readonly pid: number | undefined;
  send(request: Request): void;
  /** Close stdin; a worker without `--once` exits after its current request. */
  endInput(): void;
  stderrTail(): string;
  /** Resolves when the process has exited or failed to start. */
  readonly exited: Promise<WorkerExit>;
  /** Resolves when stdout and stderr are drained too; a forked grandchild can hold them open. */
  readonly closed: Promise<void>;
}

export function spawnWorker(options: SpawnWorkerOptions): WorkerProcess {
  const [command, ...prefixArgs] = [...(options.prefix ?? []), options.python];
  const child = spawn(command as string, [...prefixArgs, '-m', 'genesys_rt.worker', ...options.workerArgs], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    tail = (tail + text).slice(-STDERR_TAIL_CHARS);
    options.onStderr?.(text);
  });
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (!line.trim()) return;
    let message: WorkerMessage;
    try {
      message = parseWorkerLine(line);
    } catch (error) {
      options.onProtocolError(error as ProtocolError);
      return;
    }
    options.onMessage(message);
  });
  // Writing to a worker that just died raises EPIPE here; the exit handler reports the death instead.
  child.stdin.on('error', () => {});

  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    child.once('error', (spawnError) => resolve({ exitCode: null, signal: null, spawnError }));
  });
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    pid: child.pid,
    send: (request) => void child.stdin.write(encodeRequest(request)),
    endInput: () => void child.stdin.end(),
    stderrTail: () => tail,
    exited,
    closed,
  };
}
