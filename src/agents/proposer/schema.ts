/**
 * @module What the proposer replies: search turns (notes and queries), then the proposal.
 */
import { z } from 'zod';

export const SearchTurnSchema = z.object({
  analysis: z.string().min(1).describe('Your working notes: what you learned so far and what you still need to find out'),
  queries: z.array(z.string().min(2)).max(3).describe('Up to three literature search queries (keywords or a short question); empty if none'),
  ready: z.boolean().describe('true when you know enough to write the proposal'),
});
export type SearchTurn = z.infer<typeof SearchTurnSchema>;

const ProposalBaseSchema = z.object({
  title: z.string().min(3).describe('A short title naming the idea'),
  abstract: z.string().min(20).describe('Three to six sentences: the idea, why it should help, what changes'),
  proposal: z.string().min(100).describe('The full proposal in markdown, with the sections asked for'),
  changes: z.string().default('').describe('When revising: what changed since the previous version and why'),
  selection: z.string().nullable().default(null),
});
export type ProposalReply = z.infer<typeof ProposalBaseSchema>;

/** The proposal; a mutation must name one of the parent's units as its selection (an enum, so the model sees the choices). */
export function proposalSchema(selections: string[] | null): z.ZodType<ProposalReply> {
  if (!selections) return ProposalBaseSchema.extend({ selection: z.null().default(null) });
  return ProposalBaseSchema.extend({
    selection: z.enum(selections as [string, ...string[]]).describe('The parent unit to rewrite'),
  });
}
