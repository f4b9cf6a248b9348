/**
 * @module The one place where errors become output: message, hint, exit code.
 */
import { ZodError } from 'zod';

interface CodedError {
  code: string;
  message: string;
  hint?: string;
}

function isCoded(error: unknown): error is Error & CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).code === 'string';
}

/** Prints an error for a person (stack only with --verbose) and exits with status 1 (2 for usage errors). */
export function handleError(error: unknown, verbose: boolean): never {
  if (error instanceof ZodError) {
    console.error('genesys: invalid input:');
    for (const problem of error.issues) console.error(`  ${problem.path.join('.') || '(root)'}: ${problem.message}`);
    process.exit(2);
  }
  if (isCoded(error)) {
    console.error(`genesys: ${error.message}`);
    if (error.hint) console.error(`hint: ${error.hint}`);
  } else if (error instanceof Error) {
    console.error(`genesys: ${error.message}`);
  } else {
    console.error(`genesys: ${String(error)}`);
  }
  if (verbose && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
}
