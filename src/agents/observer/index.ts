/**
 * @module The observer: rates a checked unit implementation against the proposal.
 */
import type { Design } from '../../core/design.js';
import type { LlmMessage } from '../../llm/index.js';
import { renderProposal, type ProposalView } from '../context.js';
import { renderDesign } from '../design-view.js';
import { fillTemplate } from '../template.js';
import { OBSERVE_UNIT, OBSERVER_SYSTEM } from './prompts.js';

export { ObserverReplySchema, type ObserverReply } from './schema.js';

export function observerSystem(): string {
  return OBSERVER_SYSTEM;
}

export function observerMessage(input: { proposal: ProposalView; tree: Design; unit: string; written: string[]; check: string }): LlmMessage {
  return {
    role: 'user',
    content: fillTemplate(OBSERVE_UNIT, {
      PROPOSAL: renderProposal({ ...input.proposal, review: null, rating: null }),
      TREE: renderDesign(input.tree, { code: input.written }),
      UNIT: input.unit,
      FILES: input.written.join(', '),
      CHECK: input.check.trim(),
    }),
  };
}
