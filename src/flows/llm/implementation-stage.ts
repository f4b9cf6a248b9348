/**
 * @module The implementation stage, unit by unit: the planner picks the next unit (when there is a
 * choice), the coder writes it, static analysis and then the checker judge it, the observer rates
 * it; a failed attempt sends the findings back to the coder and leaves the tree as it was. After
 * each accepted unit the state is checkpointed, so a crash resumes at the next unit.
 */
import { coder, observer, planner, type DesignMode, type ProposalView } from '../../agents/index.js';
import type { AnalyzeUnits, CheckReport } from '../../checker/index.js';
import type { Design, UnitDecl } from '../../core/design.js';
import { LlmOutputError, type LlmMessage } from '../../llm/index.js';
import type { ImplementationAttempt } from '../designer.js';
import { renderReportForPrompt } from './check-feedback.js';
import type { DesignCalls } from './design-calls.js';
import type { FlowConfig } from './flow-config.js';
import { ingestUnits, pendingUnits, type RenameInCode } from './unit-ingest.js';

/** What survives a crash: the tree after the last accepted unit and the log of the session. */
export interface ImplementationState {
  tree: Design | null;
  /** Mutation: the parent unit still to be replaced (null once done, or in other modes). */
  replace: string | null;
  written: string[];
  protectedUnits: string[];
  plan: string;
  log: string[];
  attempts: ImplementationAttempt[];
}

export interface ImplementationStageInput {
  mode: DesignMode;
  designName: string;
  proposal: ProposalView;
  /** Parent designs shown to the coder in crossover mode (their units can be copied). */
  reference: string;
  state: ImplementationState;
  calls: DesignCalls;
  config: FlowConfig;
  check(design: Design): Promise<CheckReport>;
  analyze: AnalyzeUnits;
  renameInCode: RenameInCode;
  checkpoint(state: ImplementationState): Promise<void>;
  log(message: string): void;
  signal?: AbortSignal;
}

export type ImplementationResult = { status: 'done'; design: Design } | { status: 'failed'; reason: string };

/** The starting state: the parent's tree with the selection to replace (mutation), or nothing yet. */
export function initialImplementationState(mode: DesignMode, parent: Design | null, selection: string | null): ImplementationState {
  const tree = mode === 'mutation' && parent ? structuredClone(parent) : null;
  return {
    tree,
    replace: mode === 'mutation' ? selection : null,
    written: [],
    protectedUnits: tree ? Object.keys(tree.units).filter((name) => name !== selection).sort() : [],
    plan: '',
    log: [],
    attempts: [],
  };
}

function declarationOf(tree: Design, unit: string): UnitDecl {
  const existing = tree.declares[unit];
  if (existing) return existing;
  const implemented = tree.units[unit];
  return { unitname: unit, requirements: implemented?.description ?? '', inputs: implemented?.inputs ?? ['X'], outputs: implemented?.outputs ?? ['Y'] };
}

export async function runImplementationStage(input: ImplementationStageInput): Promise<ImplementationResult> {
  const { state, config } = input;
  while (state.written.length < config.maxUnits) {
    const task = await nextTask(input);
    if (!task) return { status: 'done', design: state.tree! };
    const accepted = await implementUnit(input, task.task, task.instructions);
    if (!accepted) return { status: 'failed', reason: `unit ${task.label} was not accepted after ${config.maxAttemptsPerUnit} attempt(s)` };
  }
  if (state.tree && !state.replace && pendingUnits(state.tree).length === 0) return { status: 'done', design: state.tree };
  return { status: 'failed', reason: `the design still declares unimplemented units after ${config.maxUnits} units were written` };
}

async function nextTask(input: ImplementationStageInput): Promise<{ task: coder.CoderTask; label: string; instructions: string } | null> {
  const { state } = input;
  let candidates: string[];
  let task: (unit: string) => coder.CoderTask;
  if (state.replace && state.tree) {
    candidates = [state.replace];
    const replace = state.replace;
    task = () => ({ kind: 'replace', unit: replace, declaration: declarationOf(state.tree!, replace) });
  } else if (!state.tree) {
    candidates = ['(the root unit)'];
    task = () => ({ kind: 'root' });
  } else {
    candidates = pendingUnits(state.tree);
    if (candidates.length === 0) return null;
    task = (unit) => ({ kind: 'child', unit, declaration: declarationOf(state.tree!, unit) });
  }
  // The planner writes the plan in the first round and chooses whenever there is a choice.
  if (state.plan && candidates.length === 1) return { task: task(candidates[0]!), label: candidates[0]!, instructions: '' };
  const choice = await plan(input, candidates);
  return { task: task(choice.unit), label: choice.unit, instructions: choice.instructions };
}

async function plan(input: ImplementationStageInput, candidates: string[]): Promise<{ unit: string; instructions: string }> {
  const { state } = input;
  const tree = state.tree ?? { format: 'genesys-ts/design@1' as const, name: input.designName, root: '(the root unit)', units: {}, declares: {}, args: {}, parents: [], metadata: {} };
  try {
    const { value } = await input.calls.ask('planner', {
      system: planner.plannerSystem(),
      messages: [planner.plannerMessage({
        proposal: input.proposal, tree, written: state.written, protectedUnits: state.protectedUnits,
        pending: state.tree ? pendingUnits(state.tree) : [], candidates, log: state.log,
      })],
      format: { kind: 'json', schema: planner.plannerSchema(candidates) },
    });
    state.plan = value.plan;
    return { unit: value.unit, instructions: value.instructions };
  } catch (error) {
    // A planner that cannot answer in format is not worth failing the design: take the first candidate.
    if (!(error instanceof LlmOutputError)) throw error;
    state.log.push(`planner gave no usable reply (${error.message}); took ${candidates[0]}`);
    state.plan ||= '(no plan: the planner gave no usable reply)';
    return { unit: candidates[0]!, instructions: '' };
  }
}

async function implementUnit(input: ImplementationStageInput, task: coder.CoderTask, instructions: string): Promise<boolean> {
  const { state, config } = input;
  const label = task.kind === 'root' ? 'root' : task.unit;
  const system = coder.coderSystem({ proposal: input.proposal, plan: state.plan });
  const first = coder.coderTaskMessage({ tree: state.tree, task, instructions, reference: input.reference || undefined });
  let messages: LlmMessage[] = [first];
  for (let attempt = 1; attempt <= config.maxAttemptsPerUnit; attempt += 1) {
    const outcome = await attemptUnit(input, task, system, messages);
    state.attempts.push({ unit: outcome.unit ?? label, status: outcome.status, report: outcome.report, data: { ...outcome.data, attempt } });
    input.log(`unit ${label} attempt ${attempt}: ${outcome.status}${outcome.status === 'accepted' ? '' : ` (${outcome.summary})`}`);
    if (outcome.status === 'accepted') {
      state.tree = outcome.design;
      state.written.push(...outcome.written);
      state.replace = null;
      state.log.push(`round ${state.log.length + 1}: ${outcome.written.join(', ')} accepted after ${attempt} attempt(s)`);
      await input.checkpoint(state);
      return true;
    }
    // Only the latest failed attempt is kept, so the coder's context stays bounded.
    messages = [first, { role: 'assistant', content: outcome.reply || '(no reply)' }, coder.coderRetryMessage(outcome.feedback)];
  }
  state.log.push(`round ${state.log.length + 1}: ${label} failed ${config.maxAttemptsPerUnit} attempt(s)`);
  return false;
}

type AttemptOutcome =
  | { status: 'accepted'; unit: string; design: Design; written: string[]; report: CheckReport; data: Record<string, unknown> }
  | { status: 'rejected' | 'error'; unit: string | null; reply: string; feedback: string; summary: string; report?: CheckReport; data: Record<string, unknown> };

async function attemptUnit(input: ImplementationStageInput, task: coder.CoderTask, system: string, messages: LlmMessage[]): Promise<AttemptOutcome> {
  const { state, config } = input;
  let reply: { value: coder.CoderReply; text: string };
  try {
    reply = await input.calls.ask('coder', { system, messages, format: { kind: 'python-files', schema: coder.CoderReplySchema } });
  } catch (error) {
    if (!(error instanceof LlmOutputError)) throw error;
    return { status: 'error', unit: null, reply: error.lastText, feedback: error.message, summary: 'no usable reply', data: { problem: error.message } };
  }
  const files = reply.value.files;
  const ingest = await ingestUnits({ tree: state.tree, files, task, designName: input.designName, analyze: input.analyze, renameInCode: input.renameInCode });
  if (!ingest.ok) {
    const feedback = `Static analysis of your files found problems:\n${ingest.problems.map((problem) => `- ${problem}`).join('\n')}`;
    return { status: 'rejected', unit: null, reply: reply.text, feedback, summary: `${ingest.problems.length} static problem(s)`, data: { files, problems: ingest.problems, notes: reply.value.notes } };
  }
  const report = await input.check(ingest.design);
  // A check cut short by cancellation says nothing about the code: stop before recording it as a failure.
  input.signal?.throwIfAborted();
  const data: Record<string, unknown> = { files, written: ingest.written, warnings: ingest.warnings, notes: reply.value.notes };
  if (!report.passed) {
    return { status: 'rejected', unit: ingest.root, reply: reply.text, report, feedback: `The checker's report:\n\n${renderReportForPrompt(report)}`, summary: 'checker failed', data };
  }
  if (!config.observer) return { status: 'accepted', unit: ingest.root, design: ingest.design, written: ingest.written, report, data };
  const review = await observe(input, ingest.design, ingest.root, ingest.written, report);
  data.review = review;
  const design = review.rating === null ? ingest.design : withRating(ingest.design, ingest.written, review.rating);
  if (review.rating === null || review.rating >= config.observerThreshold) {
    return { status: 'accepted', unit: ingest.root, design, written: ingest.written, report, data };
  }
  const feedback = `The code passed the checker, but the reviewer rated it ${review.rating}/5:\n\n${review.review}\n\nSuggestions:\n${review.suggestions || '(none)'}`;
  return { status: 'rejected', unit: ingest.root, reply: reply.text, report, feedback, summary: `rated ${review.rating}/5`, data };
}

async function observe(input: ImplementationStageInput, design: Design, unit: string, written: string[], report: CheckReport): Promise<{ review: string; rating: number | null; suggestions: string }> {
  try {
    const { value } = await input.calls.ask('observer', {
      system: observer.observerSystem(),
      messages: [observer.observerMessage({ proposal: input.proposal, tree: design, unit, written, check: renderReportForPrompt(report) })],
      format: { kind: 'json', schema: observer.ObserverReplySchema },
    });
    return value;
  } catch (error) {
    // The code passed every check; an observer that cannot answer in format does not undo that.
    if (!(error instanceof LlmOutputError)) throw error;
    return { review: `no usable review: ${error.message}`, rating: null, suggestions: '' };
  }
}

function withRating(design: Design, units: string[], rating: number): Design {
  const rated = { ...design.units };
  for (const name of units) if (rated[name]) rated[name] = { ...rated[name]!, rating };
  return { ...design, units: rated };
}
