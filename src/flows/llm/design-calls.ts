/**
 * @module The LLM calls of one design session: every call carries the session's seed, evolution and
 * session key, is stopped before it starts when a budget (this design's or the evolution's) is
 * spent, and adds its cost to the session's ledger per role.
 */
import { LlmBudgetError, type LlmClient, type LlmMessage, type ReplyFormat } from '../../llm/index.js';
import { llmCost, type Db } from '../../store/index.js';

export interface DesignCalls {
  ask<T>(role: string, prompt: { system: string; messages: LlmMessage[]; format: ReplyFormat<T> }): Promise<{ value: T; text: string }>;
  costUsd(): number;
  costByRole(): Record<string, number>;
}

export interface DesignCallsOptions {
  llm: LlmClient;
  db: Db;
  evolution: string;
  sessionKey: string;
  seed: number;
  /** Spent by this session before (a resumed session). */
  startCostUsd: number;
  startCostByRole?: Record<string, number>;
  maxCostUsd: number | null;
  maxTotalCostUsd: number | null;
  signal?: AbortSignal;
}

export function createDesignCalls(options: DesignCallsOptions): DesignCalls {
  let spent = options.startCostUsd;
  const byRole: Record<string, number> = { ...options.startCostByRole };

  const checkBudgets = async (): Promise<void> => {
    if (options.maxCostUsd !== null && spent >= options.maxCostUsd) throw new LlmBudgetError('design', spent, options.maxCostUsd);
    if (options.maxTotalCostUsd !== null) {
      const { costUsd } = await llmCost(options.db, { evolution: options.evolution });
      if (costUsd >= options.maxTotalCostUsd) throw new LlmBudgetError('global', costUsd, options.maxTotalCostUsd);
    }
  };

  return {
    async ask(role, prompt) {
      const result = await options.llm.call({
        role,
        ...prompt,
        seed: options.seed,
        evolution: options.evolution,
        sessionKey: options.sessionKey,
        signal: options.signal,
        beforeRequest: checkBudgets,
        onCall: (record) => {
          spent += record.costUsd;
          byRole[role] = (byRole[role] ?? 0) + record.costUsd;
        },
      });
      return { value: result.value, text: result.text };
    },
    costUsd: () => spent,
    costByRole: () => ({ ...byRole }),
  };
}
