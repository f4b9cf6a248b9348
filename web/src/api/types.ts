/** @module The API's answer types, straight from the server's definitions (types only; nothing is bundled). */
export type * from '../../../src/server/api-types.js';
