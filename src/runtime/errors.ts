/**
 * @module Errors of the runtime: one class per failure kind, each with a stable `code` and a `hint`.
 *
 * Callers branch on `code` (or `RuntimeFailure.isInstance`), never on message text. Failures of sandboxed
 * design code are not errors: `runSandboxed` returns them as a typed result.
 */
import type { WorkerError, WorkerErrorCode } from './protocol.js';

const marker = Symbol.for('genesys.runtime.error');

/** Base class: `code` is stable, `hint` says what the user can do, `cause` keeps the underlying error. */
export class RuntimeFailure extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(options: { code: string; message: string; hint?: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
  }

  /** True for any runtime error, also across duplicated copies of this package. */
  static isInstance(value: unknown): value is RuntimeFailure {
    return typeof value === 'object' && value !== null && marker in value;
  }

  toJSON(): { code: string; message: string; hint?: string } {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

const INSTALL_HINT =
  'sudo apt-get install -y python3-torch libopenblas0-pthread (Debian) or pip install torch, or set GENESYS_PYTHON';

/** No usable Python interpreter (GENESYS_PYTHON broken, or no candidate runs). */
export class PythonNotFoundError extends RuntimeFailure {
  constructor(message: string, cause?: unknown) {
    super({ code: 'python_not_found', message, hint: INSTALL_HINT, cause });
  }
}

/** Python runs but cannot `import torch`. */
export class TorchMissingError extends RuntimeFailure {
  constructor(message: string, cause?: unknown) {
    super({ code: 'torch_missing', message, hint: INSTALL_HINT, cause });
  }
}

/** The worker wrote something that is not a protocol message, or speaks another protocol version. */
export class ProtocolError extends RuntimeFailure {
  constructor(message: string, cause?: unknown) {
    super({
      code: 'protocol_error',
      message,
      hint: 'TS and python/genesys_rt must come from the same checkout; design code must not write to the protocol fd',
      cause,
    });
  }
}

/** A pooled worker died while serving a request (the pool replaces it for later requests). */
export class WorkerCrashedError extends RuntimeFailure {
  readonly stderrTail: string;

  constructor(options: { op: string; exitCode: number | null; signal: string | null; stderrTail: string }) {
    const how = options.signal ? `signal ${options.signal}` : `exit code ${options.exitCode}`;
    super({
      code: 'worker_crashed',
      message: `worker died (${how}) while running op '${options.op}'${options.stderrTail ? `:\n${options.stderrTail}` : ''}`,
      hint: 'pooled ops are trusted; a crash there is a bug in python/genesys_rt, see the stderr tail',
    });
    this.stderrTail = options.stderrTail;
  }
}

/** A pooled request ran past its `timeoutMs`; its worker was killed. */
export class WorkerTimeoutError extends RuntimeFailure {
  constructor(op: string, timeoutMs: number) {
    super({ code: 'worker_timeout', message: `op '${op}' did not answer within ${timeoutMs} ms; its worker was killed` });
  }
}

/** The pool was closed before the request finished. */
export class PoolClosedError extends RuntimeFailure {
  constructor(op: string) {
    super({ code: 'pool_closed', message: `worker pool closed before op '${op}' finished` });
  }
}

/** A pooled op answered with an error event; `code` is the worker's (`op_failed`, `unknown_op`, …). */
export class WorkerOpError extends RuntimeFailure {
  declare readonly code: WorkerErrorCode;
  readonly traceback: string | undefined;

  constructor(op: string, error: WorkerError) {
    super({ code: error.code, message: `op '${op}' failed: ${error.message}` });
    this.traceback = error.traceback;
  }
}
