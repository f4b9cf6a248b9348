/**
 * @module The checkpointed state of an LLM design session, parsed when a session resumes.
 */
import { z } from 'zod';
import { DesignSchema } from '../../core/design.js';
import { DesignOutcomeSchema, ImplementationAttemptSchema, ProposalRecordSchema } from '../designer.js';

export const ProposalViewSchema = z.object({
  title: z.string(),
  abstract: z.string(),
  text: z.string(),
  selection: z.string().nullable(),
  review: z.string().nullable(),
  rating: z.number().nullable(),
});

export const ImplementationStateSchema = z.object({
  tree: DesignSchema.nullable(),
  replace: z.string().nullable(),
  written: z.array(z.string()),
  protectedUnits: z.array(z.string()),
  plan: z.string(),
  log: z.array(z.string()),
  attempts: z.array(ImplementationAttemptSchema),
});

export const SessionStateSchema = z.object({
  version: z.literal(1),
  costUsd: z.number(),
  costByRole: z.record(z.string(), z.number()),
  proposal: ProposalViewSchema.nullable(),
  proposalRecord: ProposalRecordSchema.nullable(),
  implementation: ImplementationStateSchema.nullable(),
  /** Set when the session reached a final outcome; a budget or provider stop leaves it null (resumable). */
  outcome: DesignOutcomeSchema.nullable(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

export function freshSessionState(): SessionState {
  return { version: 1, costUsd: 0, costByRole: {}, proposal: null, proposalRecord: null, implementation: null, outcome: null };
}

/** Which step the session is at, for the `stage` column. */
export function sessionStage(state: SessionState): string {
  if (state.outcome) return state.outcome.status;
  if (state.implementation) return 'implementation';
  return 'proposal';
}
