/**
 * @module What the observer replies: a review of one unit implementation with a 1–5 rating.
 */
import { z } from 'zod';

export const ObserverReplySchema = z.object({
  review: z.string().min(10).describe('Does the code do what the proposal says, correctly and efficiently?'),
  rating: z.number().min(1).max(5).describe('1 = wrong or not the proposal, 3 = acceptable, 5 = excellent'),
  suggestions: z.string().default('').describe('What to change, most important first'),
});
export type ObserverReply = z.infer<typeof ObserverReplySchema>;
