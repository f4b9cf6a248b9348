/**
 * @module How much of each scale's verification budget may be spent now.
 *
 * Budgets shrink up the ladder (e.g. 256/64/16/4/1). An upper scale is released in proportion to
 * what the scale below has spent — with budgets 16 and 4, one slot at the upper scale per four
 * verifications below — so promotions go to designs picked from a population that has grown,
 * not to the first few. The original released a scale only in proportion to its own past runs,
 * so a scale that had never run never got a slot (its bootstrap bug); here the lower scale's
 * spending alone decides. Scales from the ladder's `stairStart` up open only once every lower
 * scale has spent its whole budget (the expensive runs come last).
 */

export interface ScaleBudget {
  scale: string;
  total: number;
  used: number;
}

/** Verifications that may start now, per scale, in ladder order (the lowest scale: all that is left). */
export function releasedBudget(budgets: ScaleBudget[], options: { stairStart?: string } = {}): Map<string, number> {
  const available = new Map<string, number>();
  const stairIndex = options.stairStart ? budgets.findIndex((budget) => budget.scale === options.stairStart) : -1;
  budgets.forEach((budget, index) => {
    let released: number;
    if (index === 0) released = budget.total;
    else {
      const below = budgets[index - 1]!;
      // An epsilon so 4 used × 4/16 is exactly one slot despite floating point.
      released = below.total === 0 ? 0 : Math.min(budget.total, Math.floor((below.used * budget.total) / below.total + 1e-9));
    }
    if (stairIndex >= 0 && index >= stairIndex && budgets.slice(0, index).some((lower) => lower.used < lower.total)) released = 0;
    available.set(budget.scale, Math.max(0, released - budget.used));
  });
  return available;
}

/** True when no scale can ever release another verification. */
export function budgetExhausted(budgets: ScaleBudget[]): boolean {
  return budgets.every((budget) => budget.used >= budget.total);
}
