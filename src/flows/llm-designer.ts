/**
 * @module The LLM design flow as a Designer: a reviewed proposal (with literature search), then the
 * implementation unit by unit with the checker in the loop. The session is checkpointed in the store
 * under the request's session key after the proposal and after every accepted unit, so a crash, a
 * spent budget or a provider outage resumes where it stopped; a final outcome is returned again as is.
 *
 * @example
 * const designer = createLlmDesigner({ db, models: 'openai:gpt-4o', maxCostUsd: 2 });
 * const outcome = await designer.design(request);
 */
import { renderParents, type ParentView, type ProposalView } from '../agents/index.js';
import { analyzeUnitsInPool } from '../checker/index.js';
import type { Design } from '../core/design.js';
import { LlmBudgetError, LlmCallError, type LlmClient } from '../llm/index.js';
import type { Designer, DesignOutcome, DesignRequest, ProposalRecord } from './designer.js';
import { canonicalHash } from './library/canonical-hash.js';
import { renameInCode } from './library/rename-code.js';
import { createDesignCalls } from './llm/design-calls.js';
import { roleModels, type LlmDesignerOptions } from './llm/designer-options.js';
import { BUDGET_REASON, FlowConfigSchema, type FlowConfig } from './llm/flow-config.js';
import { initialImplementationState, runImplementationStage, type ImplementationState } from './llm/implementation-stage.js';
import { noLiteratureSearch } from './llm/literature-search.js';
import { llmClientsFor } from './llm/llm-clients.js';
import { runProposalStage } from './llm/proposal-stage.js';
import { loadSession, saveSession } from './llm/session-checkpoints.js';
import { freshSessionState, sessionStage, SessionStateSchema, type SessionState } from './llm/session-state.js';

export type { LlmDesignerOptions } from './llm/designer-options.js';

export const LLM_DESIGNER = 'llm';

/** A proposal written elsewhere (the design benchmark's), to implement without the proposal stage. */
export interface GivenProposal {
  proposal: ProposalView;
  record: ProposalRecord;
}

export interface LlmDesigner extends Designer {
  /** Runs only the implementation stage on a given proposal (the design benchmark). */
  implement(request: DesignRequest, given: GivenProposal): Promise<DesignOutcome>;
}

function parentViews(request: DesignRequest): ParentView[] {
  return request.parents.map((parent) => ({ design: parent.design, description: parent.description, fitness: parent.fitness, metrics: parent.metrics }));
}

export function createLlmDesigner(options: LlmDesignerOptions): LlmDesigner {
  const models = roleModels(options.models);
  const flow: FlowConfig = FlowConfigSchema.parse({
    ...options.flow,
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    ...(options.maxTotalCostUsd !== undefined ? { maxTotalCostUsd: options.maxTotalCostUsd } : {}),
  });
  const clientFor = llmClientsFor({ config: { ...options.llm, models }, replay: options.replay, providers: options.providers, env: options.env });
  const search = options.search ?? noLiteratureSearch();
  const analyze = options.analyze ?? analyzeUnitsInPool;
  const rename = options.renameInCode ?? renameInCode;

  async function run(request: DesignRequest, given: GivenProposal | null): Promise<DesignOutcome> {
    const log = (message: string): void => request.log?.(`[${request.name}] ${message}`);
    const llm: LlmClient = clientFor(options.db ?? request.db);
    const stored = await loadSession(request.db, request.sessionKey);
    const parsed = stored ? SessionStateSchema.safeParse(stored.state) : null;
    if (parsed && !parsed.success) log('the saved session does not parse with this version; starting it again');
    const state: SessionState = parsed?.success ? parsed.data : freshSessionState();
    if (state.outcome) return state.outcome;
    if (stored) log(`resuming at the ${sessionStage(state)} stage ($${state.costUsd.toFixed(4)} spent so far)`);

    const calls = createDesignCalls({
      llm, db: request.db, evolution: request.evolution, sessionKey: request.sessionKey, seed: request.seed,
      startCostUsd: state.costUsd, startCostByRole: state.costByRole, maxCostUsd: flow.maxCostUsd, maxTotalCostUsd: flow.maxTotalCostUsd, signal: request.signal,
    });
    const syncCosts = (): void => {
      state.costUsd = calls.costUsd();
      state.costByRole = calls.costByRole();
    };
    const checkpoint = async (): Promise<void> => {
      syncCosts();
      await saveSession(request.db, { sessionKey: request.sessionKey, evolution: request.evolution, designer: LLM_DESIGNER, stage: sessionStage(state), state, costUsd: state.costUsd });
    };
    const finish = async (outcome: DesignOutcome): Promise<DesignOutcome> => {
      state.outcome = outcome;
      await checkpoint();
      return outcome;
    };
    const rejected = (reason: string): DesignOutcome => {
      syncCosts();
      return { status: 'rejected', reason, attempts: state.implementation?.attempts ?? [], proposal: withCosts(state), costUsd: state.costUsd };
    };

    try {
      if (!state.proposal) {
        if (given) {
          state.proposal = given.proposal;
          state.proposalRecord = given.record;
        } else {
          const result = await runProposalStage({
            mode: request.mode, parents: parentViews(request), population: request.population,
            references: request.library.filter((design) => !request.parents.some((parent) => parent.design.name === design.name)),
            calls, search, config: flow, reviewerModel: llm.modelFor('reviewer'), log,
          });
          state.proposalRecord = result.record;
          if (result.status === 'failed') return await finish(rejected(result.reason));
          state.proposal = result.proposal;
        }
        state.implementation = initialImplementationState(request.mode, request.parents[0]?.design ?? null, state.proposal.selection);
        await checkpoint();
      }
      const implementation: ImplementationState = state.implementation!;
      const result = await runImplementationStage({
        mode: request.mode, designName: request.name, proposal: state.proposal, state: implementation, calls, config: flow,
        reference: request.mode === 'crossover' ? renderParents(parentViews(request), { code: true }) : '',
        check: (design) => request.check(design), analyze, renameInCode: rename, checkpoint, log, signal: request.signal,
      });
      if (result.status === 'failed') return await finish(rejected(result.reason));
      const design = finalDesign(request, result.design, state.proposal, models);
      const hash = canonicalHash(design);
      const duplicate = request.population.find((entry) => entry.canonicalHash === hash);
      if (duplicate) return await finish(rejected(`the implemented design duplicates ${duplicate.name}`));
      syncCosts();
      return await finish({
        status: 'accepted', design, description: state.proposal.abstract, attempts: implementation.attempts, proposal: withCosts(state), costUsd: state.costUsd,
      });
    } catch (error) {
      // A cancelled job (Ctrl-C, a lost lease) goes back to the queue: save the session and let the error through.
      if (request.signal?.aborted) {
        await checkpoint();
        throw error;
      }
      if (error instanceof LlmBudgetError || error instanceof LlmCallError) {
        await checkpoint();
        const reason = error instanceof LlmBudgetError ? BUDGET_REASON : `LLM provider failed: ${error.message}`;
        log(`${reason}; the session is saved and resumes from here`);
        return rejected(reason);
      }
      throw error;
    }
  }

  return {
    name: LLM_DESIGNER,
    design: (request) => run(request, null),
    implement: (request, given) => run(request, given),
  };
}

function withCosts(state: SessionState): ProposalRecord | null {
  if (!state.proposalRecord) return null;
  return { ...state.proposalRecord, data: { ...state.proposalRecord.data, costByRoleUsd: state.costByRole } };
}

function finalDesign(request: DesignRequest, tree: Design, proposal: ProposalView, models: Record<string, string | undefined>): Design {
  return {
    ...tree,
    name: request.name,
    parents: request.mode === 'scratch' ? [] : request.parents.map((parent) => parent.design.name),
    metadata: {
      title: proposal.title,
      summary: proposal.abstract,
      designer: LLM_DESIGNER,
      mode: request.mode,
      selection: proposal.selection,
      proposalRating: proposal.rating,
      models,
    },
  };
}
