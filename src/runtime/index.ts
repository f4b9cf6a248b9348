/**
 * @module The runtime: how TypeScript runs Python.
 *
 * Untrusted work (anything that executes design code) goes through `runSandboxed`, one fresh confined
 * process per op. Trusted work (static analysis) goes through a warm `WorkerPool`. Both speak the
 * NDJSON protocol in `protocol.ts` with `python -m genesys_rt.worker`.
 *
 * @example
 * const outcome = await runSandboxed({ op: 'check', args: { design }, limits: { timeoutMs: 60_000, memoryMb: 4096 } });
 * if (outcome.status !== 'ok') console.error(outcome.status, outcome.stderrTail);
 */

/** Run one untrusted op in a fresh sandboxed worker; resolves with a typed `SandboxResult`, never throws for the child's failures. */
export { runSandboxed, type RunSandboxedOptions } from './sandbox-run.js';
/** Limits of a sandboxed op (`timeoutMs`, `memoryMb`, `cpuSeconds`, `allowNetwork`, `gpu`) and their defaults. */
export { SandboxLimitsSchema, type SandboxLimits, type SandboxLimitsInput } from './sandbox-limits.js';
/** Outcome of a sandboxed op: `ok` | `error` | `timeout` | `killed` | `crashed`. */
export { SandboxResultSchema, type SandboxResult, type SandboxStatus } from './sandbox-result.js';
/** Warm workers for trusted ops: a pool you own, or the process-wide one (close it before exiting). */
export {
  WorkerPool,
  createWorkerPool,
  getWorkerPool,
  closeWorkerPool,
  type WorkerPoolOptions,
  type WorkerCallOptions,
} from './worker-pool.js';
/** Find the Python to run workers with: `GENESYS_PYTHON`, else the first candidate that (optionally) imports torch. */
export { findPython, runPythonJson, PYTHON_CANDIDATES, PythonInfoSchema, type PythonInfo, type FindPythonOptions } from './python.js';
/** The command prefix that isolates a worker's network (`unshare --net …`), or [] when this host allows none. */
export { netIsolationPrefix } from './net-isolation.js';
/** The wire protocol, version 1: message schemas and their types. */
export {
  PROTOCOL_VERSION,
  RequestSchema,
  WorkerMessageSchema,
  ReadyEventSchema,
  ProgressEventSchema,
  LogEventSchema,
  ResultEventSchema,
  ErrorEventSchema,
  WorkerErrorSchema,
  WorkerErrorCodeSchema,
  SandboxSpecSchema,
  type Request,
  type WorkerMessage,
  type ReadyEvent,
  type ProgressEvent,
  type LogEvent,
  type ResultEvent,
  type ErrorEvent,
  type WorkerError,
  type WorkerErrorCode,
  type SandboxSpec,
} from './protocol.js';
/** Error classes with a stable `code` and a `hint`. */
export {
  RuntimeFailure,
  PythonNotFoundError,
  TorchMissingError,
  ProtocolError,
  WorkerCrashedError,
  WorkerTimeoutError,
  WorkerOpError,
  PoolClosedError,
} from './errors.js';
/** Where the package's Python sources are (put on every worker's PYTHONPATH). */
export { packageRoot, pythonSourceDir } from './paths.js';
/** The environment a Python worker starts with (threads, PYTHONPATH). */
export { workerEnv } from './worker-env.js';
/** Cores per torch process when several runs share a machine. */
export { splitCoresBetweenRuns, HAS_NVIDIA_GPU } from './torch-threads.js';
