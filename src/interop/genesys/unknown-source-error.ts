/**
 * @module The error for a path that is none of the original source forms we read.
 */
export class UnknownSourceError extends Error {
  readonly code = 'GENESYS_UNKNOWN_SOURCE';
  readonly hint =
    'give a designs.jsonl file, a core/<seed>.json file, a folder with implementation.json, or a seed folder with units/metadata.yaml';

  constructor(readonly path: string, options?: { cause?: unknown }) {
    super(`${path} is not an original Genesys source`, options);
    this.name = 'UnknownSourceError';
  }
}
