/**
 * @module Error classes shared across stages: a stable `code`, a message a user can act on, an optional `hint`.
 */

export interface GenesysErrorOptions {
  hint?: string;
  cause?: unknown;
}

/** Base of our errors; the CLI prints `message` and `hint`, and branches on `code`. */
export class GenesysError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: GenesysErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Input a user gave (a path, a file, a flag) that cannot be used. */
export class InputError extends GenesysError {
  constructor(message: string, options: GenesysErrorOptions = {}) {
    super('bad_input', message, options);
  }
}
