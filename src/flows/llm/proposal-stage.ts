/**
 * @module The proposal stage: the proposer studies the parents and the literature and writes a
 * proposal; the reviewer (after its own search) rates it 1–5; below the threshold the proposer
 * revises it, seeing only the latest version and its review, until it passes or rounds run out.
 */
import { proposer, reviewer, type DesignMode, type ParentView, type PopulationView, type ProposalView } from '../../agents/index.js';
import type { Design } from '../../core/design.js';
import type { LlmMessage } from '../../llm/index.js';
import type { ProposalRecord } from '../designer.js';
import type { DesignCalls } from './design-calls.js';
import type { FlowConfig } from './flow-config.js';
import type { LiteratureSearch } from './literature-search.js';

export interface ProposalStageInput {
  mode: DesignMode;
  parents: ParentView[];
  population: PopulationView[];
  references: Design[];
  calls: DesignCalls;
  search: LiteratureSearch;
  config: FlowConfig;
  reviewerModel: string;
  log(message: string): void;
}

export type ProposalStageResult =
  | { status: 'passed'; proposal: ProposalView; record: ProposalRecord }
  | { status: 'failed'; reason: string; record: ProposalRecord };

interface Search {
  by: 'proposer' | 'reviewer';
  version: number;
  analysis: string;
  queries: string[];
  papers: string[];
}

/** Consecutive user turns are merged: some providers insist on alternating roles. */
function withUser(messages: LlmMessage[], content: string): LlmMessage[] {
  const last = messages.at(-1);
  if (last?.role === 'user') return [...messages.slice(0, -1), { role: 'user', content: `${last.content}\n\n${content}` }];
  return [...messages, { role: 'user', content }];
}

function proposalText(reply: proposer.ProposalReply): string {
  return `# ${reply.title}\n\n${reply.abstract.trim()}\n\n${reply.proposal.trim()}`;
}

export async function runProposalStage(input: ProposalStageInput): Promise<ProposalStageResult> {
  const { calls, config, search } = input;
  const selections = input.mode === 'mutation' && input.parents[0] ? Object.keys(input.parents[0].design.units).sort() : null;
  const system = proposer.proposerSystem(input);
  const context = proposer.proposerContext(input);
  const searches: Search[] = [];
  const record: ProposalRecord = { title: '', text: '', rating: null, versions: [], reviews: [], data: {} };

  let opening: LlmMessage[];
  if (search.available && config.searchRounds > 0) {
    opening = [proposer.searchBeginMessage(context)];
    for (let round = 1; round <= config.searchRounds; round += 1) {
      const { value: turn, text } = await calls.ask('proposer', { system, messages: opening, format: { kind: 'json', schema: proposer.SearchTurnSchema } });
      opening = [...opening, { role: 'assistant', content: text }];
      if (turn.queries.length === 0 || (turn.ready && round > 1)) break;
      const results = await search.search(turn.queries);
      searches.push({ by: 'proposer', version: 1, analysis: turn.analysis, queries: turn.queries, papers: results.papers });
      input.log(`proposer searched: ${turn.queries.join(' | ')}`);
      opening = [...opening, proposer.searchResultsMessage(results.text, round === config.searchRounds)];
    }
  } else {
    opening = [{ role: 'user', content: context }];
  }

  const schema = proposer.proposalSchema(selections);
  let messages = withUser(opening, proposer.writeProposalMessage(selections).content);
  let reply = (await calls.ask('proposer', { system, messages, format: { kind: 'json', schema } })).value;

  for (let version = 1; ; version += 1) {
    const view: ProposalView = { title: reply.title, abstract: reply.abstract, text: reply.proposal, selection: reply.selection ?? null, review: null, rating: null };
    const review = await reviewProposal(input, view, reply.changes, version, searches);
    input.log(`proposal v${version} "${reply.title}" rated ${review.rating}/5`);
    record.title = reply.title;
    record.text = proposalText(reply);
    record.rating = review.rating;
    record.versions.push({ text: record.text, rating: review.rating });
    record.reviews.push({ reviewer: `reviewer (${input.reviewerModel})`, text: `${review.review.trim()}\n\nSuggestions:\n${review.suggestions.trim() || '(none)'}`, rating: review.rating, version });
    record.data = { abstract: reply.abstract, selection: reply.selection ?? null, searches, changes: reply.changes };
    if (review.rating >= config.proposalThreshold) {
      return { status: 'passed', proposal: { ...view, review: review.review, rating: review.rating }, record };
    }
    if (version >= config.proposalRounds) {
      return { status: 'failed', reason: `proposal not accepted: rated ${review.rating}/5 after ${version} round(s) (needs ${config.proposalThreshold})`, record };
    }
    messages = [
      ...withUser(opening, proposer.writeProposalMessage(selections).content),
      { role: 'assistant', content: JSON.stringify(reply) },
      proposer.reviseProposalMessage({
        version, title: reply.title, selection: reply.selection ?? null, proposal: reply.proposal,
        review: review.review, rating: review.rating, suggestions: review.suggestions, selections,
      }),
    ];
    reply = (await calls.ask('proposer', { system, messages, format: { kind: 'json', schema } })).value;
  }
}

async function reviewProposal(input: ProposalStageInput, proposal: ProposalView, changes: string, version: number, searches: Search[]): Promise<reviewer.ReviewReply> {
  const system = reviewer.reviewerSystem();
  const reviewInput = { parents: input.parents, population: input.population, proposal, changes };
  const format = { kind: 'json' as const, schema: reviewer.ReviewSchema };
  if (!input.search.available || !input.config.reviewerSearch) {
    return (await input.calls.ask('reviewer', { system, messages: [reviewer.reviewMessage(reviewInput)], format })).value;
  }
  const first = reviewer.reviewSearchMessage(reviewInput);
  const { value: turn, text } = await input.calls.ask('reviewer', { system, messages: [first], format: { kind: 'json', schema: reviewer.ReviewerSearchSchema } });
  const results = turn.queries.length > 0 ? await input.search.search(turn.queries) : { text: '(no queries)', papers: [] };
  if (turn.queries.length > 0) searches.push({ by: 'reviewer', version, analysis: turn.analysis, queries: turn.queries, papers: results.papers });
  const messages: LlmMessage[] = [first, { role: 'assistant', content: text }, reviewer.reviewWithResultsMessage(results.text)];
  return (await input.calls.ask('reviewer', { system, messages, format })).value;
}
