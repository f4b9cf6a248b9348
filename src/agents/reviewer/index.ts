/**
 * @module The reviewer: rates a proposal 1–5 with a critique and suggestions, after its own
 * literature search when one is available.
 */
import type { LlmMessage } from '../../llm/index.js';
import { renderParents, renderPopulation, renderProposal, type ParentView, type PopulationView, type ProposalView } from '../context.js';
import { GAU_OVERVIEW } from '../gau-guide.js';
import { fillTemplate } from '../template.js';
import { REVIEW_CONTEXT, REVIEW_NOW, REVIEW_SEARCH, REVIEW_WITH_RESULTS, REVIEWER_SYSTEM } from './prompts.js';

export { ReviewSchema, ReviewerSearchSchema, type ReviewReply, type ReviewerSearch } from './schema.js';

export interface ReviewerInput {
  parents: ParentView[];
  population: PopulationView[];
  proposal: ProposalView;
  /** What the proposer says it changed since the last review. */
  changes: string;
}

export function reviewerSystem(): string {
  return fillTemplate(REVIEWER_SYSTEM, { GAU_OVERVIEW });
}

function context(input: ReviewerInput): string {
  return fillTemplate(REVIEW_CONTEXT, {
    PARENTS: renderParents(input.parents, { code: false }),
    POPULATION: renderPopulation(input.population),
    PROPOSAL: renderProposal({ ...input.proposal, review: null, rating: null }),
    CHANGES: input.changes.trim() ? `\n\n# Changes since the previous version\n\n${input.changes.trim()}` : '',
  });
}

/** First message when the reviewer may search. */
export function reviewSearchMessage(input: ReviewerInput): LlmMessage {
  return { role: 'user', content: `${context(input)}\n\n${REVIEW_SEARCH}` };
}

export function reviewWithResultsMessage(results: string): LlmMessage {
  return { role: 'user', content: fillTemplate(REVIEW_WITH_RESULTS, { RESULTS: results.trim() || '(no results)' }) };
}

/** The only message when there is no search. */
export function reviewMessage(input: ReviewerInput): LlmMessage {
  return { role: 'user', content: `${context(input)}\n\n${REVIEW_NOW}` };
}
