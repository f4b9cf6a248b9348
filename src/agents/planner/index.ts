/**
 * @module The planner: orders the implementation and picks the next unit.
 */
import type { Design } from '../../core/design.js';
import type { LlmMessage } from '../../llm/index.js';
import { renderProposal, type ProposalView } from '../context.js';
import { renderDesign } from '../design-view.js';
import { GAU_OVERVIEW } from '../gau-guide.js';
import { fillTemplate } from '../template.js';
import { PLANNER_ROUND, PLANNER_SYSTEM } from './prompts.js';

export { plannerSchema, type PlannerReply } from './schema.js';

export interface PlannerInput {
  proposal: ProposalView;
  tree: Design;
  written: string[];
  protectedUnits: string[];
  pending: string[];
  candidates: string[];
  log: string[];
}

function list(names: string[]): string {
  return names.length > 0 ? names.join(', ') : '(none)';
}

export function plannerSystem(): string {
  return fillTemplate(PLANNER_SYSTEM, { GAU_OVERVIEW });
}

export function plannerMessage(input: PlannerInput): LlmMessage {
  return {
    role: 'user',
    content: fillTemplate(PLANNER_ROUND, {
      PROPOSAL: renderProposal(input.proposal),
      TREE: renderDesign(input.tree, { code: input.written }),
      WRITTEN: list(input.written),
      PROTECTED: list(input.protectedUnits),
      PENDING: list(input.pending),
      LOG: input.log.length > 0 ? input.log.join('\n') : '(first round)',
      CANDIDATES: list(input.candidates),
    }),
  };
}
