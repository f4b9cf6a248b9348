/**
 * @module Configuration: ladders of scales and their presets, the environment variables, and
 * schemas as documented fields (for the reference and the starter config).
 */
/** Schemas of a ladder and its scales. */
export { LadderSchema, ScaleSchema, EVAL_TASKS, type Ladder, type Scale } from './ladder.js';
/** The presets `paper` and `cpu-micro`, and lookups that fail with a clear message. */
export { LADDERS, approximateParams, getLadder, getScale, trainingTokens } from './ladders.js';
/** Every environment variable the code reads, with its description. */
export { EnvironmentSchema, environmentVariables, type Environment, type EnvironmentVariable } from './environment.js';
/** A zod schema as documented fields; keys a schema does not know. */
export { schemaFields, unknownKeys, type SchemaField } from './schema-fields.js';
