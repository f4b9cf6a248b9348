/**
 * @module The direct-prompting baseline: one prompt asks for the whole block's unit files at once
 * (no proposal stage, no planner, no unit-by-unit checking); the same checker judges the result,
 * and its report goes back for a bounded number of further attempts. The design benchmark compares
 * this with the full flow on the same proposals.
 */
import { directCoder, MODE_TASKS, renderParents, renderPopulation, renderProposal, type ParentView } from '../agents/index.js';
import { analyzeUnitsInPool } from '../checker/index.js';
import type { Design } from '../core/design.js';
import { LlmBudgetError, LlmCallError, LlmOutputError, type LlmMessage } from '../llm/index.js';
import type { Designer, DesignOutcome, DesignRequest, ImplementationAttempt, ProposalRecord } from './designer.js';
import { canonicalHash } from './library/canonical-hash.js';
import { renameInCode } from './library/rename-code.js';
import { createDesignCalls } from './llm/design-calls.js';
import { roleModels, type LlmDesignerOptions } from './llm/designer-options.js';
import { renderReportForPrompt } from './llm/check-feedback.js';
import { BUDGET_REASON, FlowConfigSchema } from './llm/flow-config.js';
import { llmClientsFor } from './llm/llm-clients.js';
import { ingestUnits, pendingUnits } from './llm/unit-ingest.js';
import type { GivenProposal } from './llm-designer.js';

export const DIRECT_DESIGNER = 'direct';

export interface DirectDesignerOptions extends Omit<LlmDesignerOptions, 'search'> {
  /** Whole-design attempts, each checked (default: the flow's attempts per unit). */
  maxAttempts?: number;
}

export interface DirectDesigner extends Designer {
  implement(request: DesignRequest, given: GivenProposal): Promise<DesignOutcome>;
}

function parentViews(request: DesignRequest): ParentView[] {
  return request.parents.map((parent) => ({ design: parent.design, description: parent.description, fitness: parent.fitness, metrics: parent.metrics }));
}

/** What the one prompt gives: the proposal with the parent to change, or the task with the parents. */
function material(request: DesignRequest, given: GivenProposal | null): string {
  const parents = renderParents(parentViews(request), { code: request.mode !== 'scratch' });
  if (given) return `${renderProposal(given.proposal)}\n\n${parents}`;
  return `# Task\n\n${MODE_TASKS[request.mode]}\n\n${parents}\n\n${renderPopulation(request.population)}`;
}

export function createDirectDesigner(options: DirectDesignerOptions): DirectDesigner {
  const flow = FlowConfigSchema.parse({
    ...options.flow,
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    ...(options.maxTotalCostUsd !== undefined ? { maxTotalCostUsd: options.maxTotalCostUsd } : {}),
  });
  const maxAttempts = options.maxAttempts ?? flow.maxAttemptsPerUnit;
  const clientFor = llmClientsFor({ config: { ...options.llm, models: roleModels(options.models) }, replay: options.replay, providers: options.providers, env: options.env });
  const analyze = options.analyze ?? analyzeUnitsInPool;
  const rename = options.renameInCode ?? renameInCode;

  async function run(request: DesignRequest, given: GivenProposal | null): Promise<DesignOutcome> {
    const log = (message: string): void => request.log?.(`[${request.name}] ${message}`);
    const calls = createDesignCalls({
      llm: clientFor(options.db ?? request.db), db: request.db, evolution: request.evolution, sessionKey: request.sessionKey, seed: request.seed,
      startCostUsd: 0, maxCostUsd: flow.maxCostUsd, maxTotalCostUsd: flow.maxTotalCostUsd, signal: request.signal,
    });
    const attempts: ImplementationAttempt[] = [];
    const first: LlmMessage = directCoder.directTaskMessage(material(request, given));
    let messages: LlmMessage[] = [first];
    let notes = '';
    const proposal = (): ProposalRecord => given?.record ?? { title: request.name, text: notes, rating: null, versions: [], reviews: [], data: {} };
    const rejected = (reason: string): DesignOutcome => ({ status: 'rejected', reason, attempts, proposal: proposal(), costUsd: calls.costUsd() });
    try {
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        let reply: { value: { files: string[]; notes: string }; text: string };
        try {
          reply = await calls.ask('coder', { system: directCoder.directSystem(), messages, format: { kind: 'python-files', schema: directCoder.DirectReplySchema } });
        } catch (error) {
          if (!(error instanceof LlmOutputError)) throw error;
          attempts.push({ unit: null, status: 'error', data: { attempt, problem: error.message } });
          messages = [first, { role: 'assistant', content: error.lastText || '(no reply)' }, directCoder.directRetryMessage(error.message)];
          continue;
        }
        notes = reply.value.notes;
        const ingest = await ingestUnits({ tree: null, files: reply.value.files, task: { kind: 'root' }, designName: request.name, analyze, renameInCode: rename });
        const missing = ingest.ok ? pendingUnits(ingest.design) : [];
        if (!ingest.ok || missing.length > 0) {
          const problems = ingest.ok ? missing.map((name) => `the unit ${name} is declared but has no file`) : ingest.problems;
          attempts.push({ unit: null, status: 'rejected', data: { attempt, files: reply.value.files, problems } });
          log(`attempt ${attempt}: ${problems.length} static problem(s)`);
          messages = [first, { role: 'assistant', content: reply.text }, directCoder.directRetryMessage(`Static analysis found problems:\n${problems.map((problem) => `- ${problem}`).join('\n')}`)];
          continue;
        }
        const report = await request.check(ingest.design);
        request.signal?.throwIfAborted();
        attempts.push({ unit: ingest.root, status: report.passed ? 'accepted' : 'rejected', report, data: { attempt, files: reply.value.files } });
        log(`attempt ${attempt}: ${report.passed ? 'accepted' : 'checker failed'}`);
        if (report.passed) {
          const design = finalDesign(request, ingest.design, given);
          const hash = canonicalHash(design);
          const duplicate = request.population.find((entry) => entry.canonicalHash === hash);
          if (duplicate) return rejected(`the implemented design duplicates ${duplicate.name}`);
          return { status: 'accepted', design, description: given?.proposal.abstract ?? (notes.split('\n\n')[0] || request.name), attempts, proposal: proposal(), costUsd: calls.costUsd() };
        }
        messages = [first, { role: 'assistant', content: reply.text }, directCoder.directRetryMessage(`The checker's report:\n\n${renderReportForPrompt(report)}`)];
      }
      return rejected(`no valid design after ${maxAttempts} attempt(s)`);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      if (error instanceof LlmBudgetError) return rejected(BUDGET_REASON);
      if (error instanceof LlmCallError) return rejected(`LLM provider failed: ${error.message}`);
      throw error;
    }
  }

  return {
    name: DIRECT_DESIGNER,
    design: (request) => run(request, null),
    implement: (request, given) => run(request, given),
  };
}

function finalDesign(request: DesignRequest, tree: Design, given: GivenProposal | null): Design {
  return {
    ...tree,
    name: request.name,
    parents: request.mode === 'scratch' ? [] : request.parents.map((parent) => parent.design.name),
    metadata: { title: given?.proposal.title ?? request.name, summary: given?.proposal.abstract ?? '', designer: DIRECT_DESIGNER, mode: request.mode },
  };
}
