/**
 * @module The proposer: reads the parents, the population and the references, searches the
 * literature, and writes (then revises) a design proposal.
 */
import type { LlmMessage } from '../../llm/index.js';
import { MODE_TASKS, renderParents, renderPopulation, renderReferences, type DesignMode, type ParentView, type PopulationView } from '../context.js';
import type { Design } from '../../core/design.js';
import { GAU_OVERVIEW } from '../gau-guide.js';
import { fillTemplate } from '../template.js';
import { PROPOSER_CONTEXT, PROPOSER_SYSTEM, REVISE_PROPOSAL, SEARCH_BEGIN, SEARCH_RESULTS, WRITE_PROPOSAL } from './prompts.js';

export { SearchTurnSchema, proposalSchema, type SearchTurn, type ProposalReply } from './schema.js';

export interface ProposerInput {
  mode: DesignMode;
  parents: ParentView[];
  population: PopulationView[];
  references: Design[];
}

export function proposerSystem(input: ProposerInput): string {
  return fillTemplate(PROPOSER_SYSTEM, { GAU_OVERVIEW, MODE_TASK: MODE_TASKS[input.mode] });
}

/** The opening message: the material to design from. */
export function proposerContext(input: ProposerInput): string {
  return fillTemplate(PROPOSER_CONTEXT, {
    PARENTS: renderParents(input.parents, { code: input.mode !== 'scratch' }),
    POPULATION: renderPopulation(input.population),
    REFERENCES: renderReferences(input.references),
  });
}

export function searchBeginMessage(context: string): LlmMessage {
  return { role: 'user', content: `${context}\n\n${SEARCH_BEGIN}` };
}

export function searchResultsMessage(results: string, lastRound: boolean): LlmMessage {
  return {
    role: 'user',
    content: fillTemplate(SEARCH_RESULTS, {
      RESULTS: results.trim() || '(no results)',
      LAST_ROUND: lastRound ? ' This was the last search round: set "ready" to true.' : '',
    }),
  };
}

function selectionRule(selections: string[] | null): string {
  if (!selections) return '';
  return ` In "selection", name the one parent unit your design rewrites (one of: ${selections.join(', ')}).`;
}

export function writeProposalMessage(selections: string[] | null): LlmMessage {
  return { role: 'user', content: fillTemplate(WRITE_PROPOSAL, { SELECTION_RULE: selectionRule(selections) }) };
}

export interface RevisionInput {
  version: number;
  title: string;
  selection: string | null;
  proposal: string;
  review: string;
  rating: number;
  suggestions: string;
  selections: string[] | null;
}

export function reviseProposalMessage(input: RevisionInput): LlmMessage {
  return {
    role: 'user',
    content: fillTemplate(REVISE_PROPOSAL, {
      VERSION: String(input.version),
      TITLE: input.title,
      SELECTION: input.selection ? `Selection: ${input.selection}\n` : '',
      PROPOSAL: input.proposal,
      RATING: String(input.rating),
      REVIEW: input.review,
      SUGGESTIONS: input.suggestions.trim() || '(none)',
      SELECTION_RULE: selectionRule(input.selections),
    }),
  };
}
