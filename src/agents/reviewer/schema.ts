/**
 * @module What the reviewer replies: an optional search turn, then the review with a 1–5 rating.
 */
import { z } from 'zod';

export const ReviewerSearchSchema = z.object({
  analysis: z.string().min(1).describe('Your first assessment and what you want to verify in the literature'),
  queries: z.array(z.string().min(2)).max(3).describe('Up to three literature search queries; empty if none'),
});
export type ReviewerSearch = z.infer<typeof ReviewerSearchSchema>;

export const ReviewSchema = z.object({
  review: z.string().min(20).describe('The review: strengths, weaknesses, novelty, feasibility, expected effect'),
  rating: z.number().min(1).max(5).describe('1 = reject, 2 = weak, 3 = promising but needs work, 4 = strong, 5 = excellent'),
  suggestions: z.string().default('').describe('Concrete changes that would raise the rating'),
});
export type ReviewReply = z.infer<typeof ReviewSchema>;
