/**
 * @module The direct-prompting baseline's prompt templates: the whole block in one reply.
 */

export const DIRECT_SYSTEM = `You are a senior machine-learning engineer. Write a complete new block for an autoregressive
language model, as GAU unit files, in a single reply.

{{GAU_OVERVIEW}}

{{GAU_FILE_FORMAT}}

Reply with every unit file of the design, each in its own fenced block: the root unit (the whole
block) and all the units it uses, directly or indirectly. Every declared child must have a file.`;

export const DIRECT_TASK = `{{MATERIAL}}

Write all the unit files of this design now.`;

export const DIRECT_RETRY = `The design was not accepted.

{{FEEDBACK}}

Fix the problems and reply again with all the unit files of the design.`;
