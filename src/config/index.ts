/**
 * @module Configuration: ladders of scales and their presets.
 */
/** Schemas of a ladder and its scales. */
export { LadderSchema, ScaleSchema, EVAL_TASKS, type Ladder, type Scale } from './ladder.js';
/** The presets `paper` and `cpu-micro`, and lookups that fail with a clear message. */
export { LADDERS, getLadder, getScale, trainingTokens } from './ladders.js';
