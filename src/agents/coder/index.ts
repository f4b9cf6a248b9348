/**
 * @module The coder: writes the unit file(s) of the unit the planner chose, and fixes them from
 * the checker's report and the observer's review.
 */
import type { Design, UnitDecl } from '../../core/design.js';
import type { LlmMessage } from '../../llm/index.js';
import { renderProposal, type ProposalView } from '../context.js';
import { renderDesign } from '../design-view.js';
import { GAU_FILE_FORMAT } from '../gau-guide.js';
import { fillTemplate } from '../template.js';
import { CODER_SYSTEM, CODER_TASK, RETRY, TASK_CHILD, TASK_REPLACE, TASK_ROOT } from './prompts.js';

export { CoderReplySchema, type CoderReply } from './schema.js';

/** What to write: a replacement of a parent unit, the root of a new tree, or a declared child. */
export type CoderTask =
  | { kind: 'replace'; unit: string; declaration: UnitDecl }
  | { kind: 'root' }
  | { kind: 'child'; unit: string; declaration: UnitDecl };

export function coderSystem(input: { proposal: ProposalView; plan: string }): string {
  return fillTemplate(CODER_SYSTEM, { GAU_FILE_FORMAT, PROPOSAL: renderProposal(input.proposal), PLAN: input.plan.trim() || '(no plan)' });
}

function describeTask(task: CoderTask): string {
  if (task.kind === 'root') return TASK_ROOT;
  const values = { UNIT: task.unit, INPUTS: JSON.stringify(task.declaration.inputs), OUTPUTS: JSON.stringify(task.declaration.outputs) };
  if (task.kind === 'replace') return fillTemplate(TASK_REPLACE, values);
  return fillTemplate(TASK_CHILD, { ...values, REQUIREMENTS: task.declaration.requirements || '(see the proposal)' });
}

export function coderTaskMessage(input: { tree: Design | null; task: CoderTask; instructions: string; reference?: string }): LlmMessage {
  const tree = input.tree ? renderDesign(input.tree) : 'Nothing is implemented yet.';
  return {
    role: 'user',
    content: fillTemplate(CODER_TASK, {
      TREE: input.reference ? `${input.reference}\n\n${tree}` : tree,
      TASK: describeTask(input.task),
      INSTRUCTIONS: input.instructions.trim() ? `\n\nGuidance from the planner: ${input.instructions.trim()}` : '',
    }),
  };
}

export function coderRetryMessage(feedback: string): LlmMessage {
  return { role: 'user', content: fillTemplate(RETRY, { FEEDBACK: feedback.trim() }) };
}
