/**
 * @module What the coder replies: one or more unit files in fenced Python blocks, plus notes.
 */
import { z } from 'zod';

export const CoderReplySchema = z.object({
  files: z.array(z.string().min(1)).min(1, 'the reply has no ```python block; put each unit file in its own fenced block'),
  notes: z.string(),
});
export type CoderReply = z.infer<typeof CoderReplySchema>;
