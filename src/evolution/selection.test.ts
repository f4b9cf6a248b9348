import { describe, expect, it } from 'vitest';
import type { VerificationRecord } from '../verify/index.js';
import { rankPopulation } from './fitness.js';
import { createRng } from './rng.js';
import { resolveSelection, SelectionOptionsSchema } from './selection-options.js';
import { selectParents } from './select-parents.js';
import { selectVerifications } from './select-verify.js';

const options = resolveSelection(SelectionOptionsSchema.parse({}), { seeds: 5, firstScaleBudget: 256 });

function record(bpb: number): VerificationRecord {
  return {
    format: 'genesys-ts/verification@1', status: 'ok', design: 'x', designHash: 'x', ladder: 'l', scale: 's', dataset: { dir: 'd', tokenizer: 'byte' },
    startedAt: '', finishedAt: '', wallSeconds: 1, sizing: null, training: null,
    evaluation: { results: {}, heldOut: { loss: 1, bitsPerByte: bpb, tokens: 1 } },
  };
}

/** 5 seeds and `made` designs; design i has bpb 3 + i/100 at s0 (lower index is better); `promoted` also have s1. */
function population(made: number, promoted: string[] = []) {
  const designs = [
    ...['s-a', 's-b', 's-c', 's-d', 's-e'].map((id) => ({ id, name: id, origin: 'seed' })),
    ...Array.from({ length: made }, (_, i) => ({ id: `d${i}`, name: `d${i}`, origin: 'mutation' })),
  ];
  const verifications = designs.map((design, i) => ({ designId: design.id, scale: 's0', record: record(3 + i / 100) }));
  for (const id of promoted) verifications.push({ designId: id, scale: 's1', record: record(2) });
  const ranking = rankPopulation({ designs, scales: ['s0', 's1'], verifications, baselines: new Map() });
  return { designs, verifications, ranking };
}

describe('selectParents', () => {
  it('resolves the automatic warm-up from the seeds and the first scale\'s budget', () => {
    const auto = SelectionOptionsSchema.parse({});
    expect(resolveSelection(auto, { seeds: 5, firstScaleBudget: 12 }).warmupVerified).toBe(5);
    expect(resolveSelection(auto, { seeds: 5, firstScaleBudget: 32 }).warmupVerified).toBe(8);
    expect(resolveSelection(auto, { seeds: 5, firstScaleBudget: 256 }).warmupVerified).toBe(10);
    expect(resolveSelection({ ...auto, warmupVerified: 3 }, { seeds: 5, firstScaleBudget: 256 }).warmupVerified).toBe(3);
  });

  it('starts from seeds during the warm-up', () => {
    const { designs, ranking } = population(3);
    for (let i = 0; i < 20; i += 1) {
      const choice = selectParents(designs, ranking, 3, options, createRng('warmup', i));
      expect(choice.mode).toBe('mutation');
      expect(choice.parentIds[0]).toMatch(/^s-/);
    }
  });

  it('mostly exploits the best designs after the warm-up, sometimes explores, and allows crossover later', () => {
    const { designs, ranking } = population(30, ['s-a', 's-b', 'd0']);
    const picks = Array.from({ length: 400 }, (_, i) => selectParents(designs, ranking, 30, options, createRng('after', i)));
    const firsts = picks.map((choice) => choice.parentIds[0]);
    const good = new Set(ranking.designs.filter((design) => design.quadrant?.startsWith('good')).map((design) => design.designId));
    const share = firsts.filter((id) => id && good.has(id)).length / firsts.filter(Boolean).length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.95);
    expect(picks.some((choice) => choice.mode === 'crossover' && choice.parentIds.length === 2 && choice.parentIds[0] !== choice.parentIds[1])).toBe(true);
    expect(picks.some((choice) => choice.mode === 'scratch' && choice.parentIds.length === 0)).toBe(true);
  });

  it('picks uniformly with the random strategy, and the same rng gives the same choice', () => {
    const { designs, ranking } = population(30);
    const random = resolveSelection(SelectionOptionsSchema.parse({ strategy: 'random' }), { seeds: 5, firstScaleBudget: 256 });
    const seen = new Set(Array.from({ length: 300 }, (_, i) => selectParents(designs, ranking, 30, random, createRng('r', i)).parentIds[0]));
    expect(seen.size).toBeGreaterThan(25);
    expect(selectParents(designs, ranking, 30, options, createRng('same'))).toEqual(selectParents(designs, ranking, 30, options, createRng('same')));
  });
});

describe('selectVerifications', () => {
  it('verifies new designs at the first scale, oldest first, within the budget and the limit', () => {
    const { designs, ranking } = population(0);
    const state = { designIds: designs.map((design) => design.id), scales: ['s0', 's1'], verified: new Map<string, string>(), running: new Set(['s-a:s0']), available: new Map([['s0', 3], ['s1', 0]]) };
    const choices = selectVerifications(state, ranking, options, createRng('v'), 10);
    expect(choices.map((choice) => choice.designId)).toEqual(['s-b', 's-c', 's-d']);
    expect(selectVerifications(state, ranking, options, createRng('v'), 2)).toHaveLength(2);
  });

  it('promotes good designs verified at every lower scale, before new ones', () => {
    const { designs, ranking, verifications } = population(6);
    const verified = new Map(verifications.map((row) => [`${row.designId}:${row.scale}`, 'ok']));
    verified.set('s-a:s0', 'failed');
    const state = { designIds: designs.map((design) => design.id), scales: ['s0', 's1'], verified, running: new Set<string>(), available: new Map([['s0', 0], ['s1', 1]]) };
    const choices = selectVerifications(state, ranking, options, createRng('p', 1), 5);
    expect(choices).toHaveLength(1);
    expect(choices[0]!.scale).toBe('s1');
    expect(choices[0]!.designId).not.toBe('s-a');
    const good = ranking.designs.filter((design) => design.quadrant?.startsWith('good')).map((design) => design.designId);
    const exploits = Array.from({ length: 50 }, (_, i) => selectVerifications(state, ranking, options, createRng('p', i), 1)[0]!.designId);
    expect(exploits.filter((id) => good.includes(id)).length).toBeGreaterThan(30);
  });
});
