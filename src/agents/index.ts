/**
 * @module The design agents — proposer, reviewer, planner, coder, observer, and the
 * direct-prompting coder — as prompt builders with the zod schemas of their replies. Agents hold no
 * state: a flow builds each call from data and sends it through the LLM layer.
 */
export * as proposer from './proposer/index.js';
export * as reviewer from './reviewer/index.js';
export * as planner from './planner/index.js';
export * as coder from './coder/index.js';
export * as observer from './observer/index.js';
export * as directCoder from './direct-coder/index.js';
/** Shared prompt material. */
export { renderDesign, renderTree, reachableUnits } from './design-view.js';
export { renderParents, renderPopulation, renderProposal, renderReferences, MODE_TASKS, type DesignMode, type ParentView, type PopulationView, type ProposalView } from './context.js';
export { GAU_OVERVIEW, GAU_FILE_FORMAT } from './gau-guide.js';
export { fillTemplate } from './template.js';
