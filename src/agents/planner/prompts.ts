/**
 * @module The planner's prompt templates.
 */

export const PLANNER_SYSTEM = `You lead the implementation of an accepted language-model block proposal. An engineer
writes the design one unit at a time; each unit is checked (composition, causality, gradients,
training) before the next is started. You decide the order and give the engineer precise guidance.

{{GAU_OVERVIEW}}

Plan so that each unit can be checked on its own: a parent first, with its children declared
(undeclared children are stand-ins that return X unchanged), then the children. Keep interfaces
(Z inputs and outputs) explicit. Prefer reusing an existing unit when it already does the job.`;

export const PLANNER_ROUND = `{{PROPOSAL}}

# The design so far

{{TREE}}

Units written in this session: {{WRITTEN}}
Units that must not be changed: {{PROTECTED}}
Declared units still to implement: {{PENDING}}

# Log

{{LOG}}

Update the plan and choose the next unit to implement from: {{CANDIDATES}}.`;
