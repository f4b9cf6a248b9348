/**
 * @module Errors of data preparation: a download that needs the network, a dataset that fails its checksums.
 */
import { GenesysError } from '../core/errors.js';

/** The offline corpora a user can fall back to; named in every network error's hint. */
const OFFLINE_CORPORA_HINT = 'offline alternatives: --corpus brown (bundled), text:FILE.txt, jsonl:FILE.jsonl, parquet:FILE.parquet';

/** A download (the Hugging Face Hub) could not reach the network; the hint names the offline fallback (default: the offline corpora). */
export class OfflineError extends GenesysError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('offline', message, { hint: options.hint ?? OFFLINE_CORPORA_HINT, cause: options.cause });
  }
}

/** A shard of a prepared dataset is missing, truncated or does not match its sha256. */
export class CorruptShardError extends GenesysError {
  constructor(file: string, problem: string) {
    super('corrupt_shard', `corrupt or missing shard ${file}: ${problem}`, {
      hint: 'prepare the dataset again with `genesys data prepare --force`',
    });
  }
}
