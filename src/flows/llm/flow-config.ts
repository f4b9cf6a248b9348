/**
 * @module Settings of the LLM design flow: rounds, thresholds, attempts and budgets. The defaults
 * follow the original where it worked (pass mark 4 for proposals, 3 for units) and are smaller
 * where it spent a lot for little (10 proposal rounds, 7 attempts per unit).
 */
import { z } from 'zod';

export const FlowConfigSchema = z.object({
  proposalRounds: z.number().int().min(1).default(3).describe('Propose → review rounds before the proposal is given up'),
  proposalThreshold: z.number().min(1).max(5).default(4).describe('Review rating (1–5) a proposal needs'),
  searchRounds: z.number().int().min(0).default(2).describe('Literature search rounds of the proposer (0: none)'),
  reviewerSearch: z.boolean().default(true).describe('Let the reviewer run one search round'),
  maxAttemptsPerUnit: z.number().int().min(1).default(5).describe('Coder attempts per unit, each checked'),
  observer: z.boolean().default(true).describe('Have the observer rate each unit that passes the checker'),
  observerThreshold: z.number().min(1).max(5).default(3).describe('Observer rating (1–5) a unit needs'),
  maxUnits: z.number().int().min(1).default(12).describe('Units written per design at most (bounds runaway child declarations)'),
  maxCostUsd: z.number().positive().nullable().default(null).describe('Budget of one design (USD); reached → rejected, resumable'),
  maxTotalCostUsd: z.number().positive().nullable().default(null).describe('Budget of all LLM calls of the evolution (USD)'),
});
export type FlowConfig = z.infer<typeof FlowConfigSchema>;
export type FlowConfigInput = z.input<typeof FlowConfigSchema>;

/** The reason recorded when a budget stops a design; the session stays resumable. */
export const BUDGET_REASON = 'cost budget reached';
