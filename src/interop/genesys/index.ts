/**
 * @module Import and export of original Genesys artifacts (designs.jsonl rows, core seed
 * JSON, implementation.json folders, seed folders) as our design folders.
 */
/** Converts original artifacts into design folders; bad designs are skipped with a reason. */
export { importGenesys, ImportResultSchema, type ImportResult, type ImportGenesysOptions } from './import-genesys.js';
/** Writes a design folder back in the original's layout (implementation.json + seed folder files). */
export { exportGenesys, type ExportResult, type ExportGenesysOptions } from './export-genesys.js';
/** Raised when a source path is none of the forms import reads. */
export { UnknownSourceError } from './unknown-source-error.js';
