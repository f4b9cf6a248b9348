import { describe, expect, it } from 'vitest';
import { budgetExhausted, releasedBudget } from './ladder-budget.js';

const ladder = (used: number[], totals = [16, 4, 1]) => totals.map((total, i) => ({ scale: `s${i}`, total, used: used[i] ?? 0 }));

describe('releasedBudget', () => {
  it('opens the whole lowest scale and upper scales in proportion to what the scale below spent', () => {
    expect([...releasedBudget(ladder([0, 0, 0])).values()]).toEqual([16, 0, 0]);
    expect([...releasedBudget(ladder([3, 0, 0])).values()]).toEqual([13, 0, 0]);
    expect([...releasedBudget(ladder([4, 0, 0])).values()]).toEqual([12, 1, 0]);
    expect([...releasedBudget(ladder([8, 1, 0])).values()]).toEqual([8, 1, 0]);
    expect([...releasedBudget(ladder([16, 4, 0])).values()]).toEqual([0, 0, 1]);
  });

  it('releases a scale that has never run (the original never did: its bootstrap bug)', () => {
    // 40 first-scale runs, none above: the original's ratio release gave the second scale nothing
    expect(releasedBudget(ladder([40, 0, 0], [256, 64, 16])).get('s1')).toBe(10);
  });

  it('keeps scales from the stair start closed until every lower budget is spent', () => {
    expect([...releasedBudget(ladder([16, 3, 0]), { stairStart: 's2' }).values()]).toEqual([0, 1, 0]);
    expect([...releasedBudget(ladder([16, 4, 0]), { stairStart: 's2' }).values()]).toEqual([0, 0, 1]);
  });

  it('never goes negative and knows when everything is spent', () => {
    expect([...releasedBudget(ladder([16, 4, 1])).values()]).toEqual([0, 0, 0]);
    expect(budgetExhausted(ladder([16, 4, 1]))).toBe(true);
    expect(budgetExhausted(ladder([16, 4, 0]))).toBe(false);
  });
});
