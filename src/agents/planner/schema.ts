/**
 * @module What the planner replies: the plan and the unit to implement next (one of the candidates).
 */
import { z } from 'zod';

export function plannerSchema(candidates: string[]) {
  return z.object({
    plan: z.string().min(10).describe('The implementation plan: order of units, interfaces, what to watch for'),
    unit: z.enum(candidates as [string, ...string[]]).describe('The unit to implement next'),
    instructions: z.string().default('').describe('Specific guidance for the engineer who writes this unit'),
  });
}
export type PlannerReply = z.infer<ReturnType<typeof plannerSchema>>;
