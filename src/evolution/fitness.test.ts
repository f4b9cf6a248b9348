import { describe, expect, it } from 'vitest';
import type { BaselineRecord, VerificationRecord } from '../verify/index.js';
import { rankPopulation, topShareThreshold, type RankInput } from './fitness.js';

function evaluation(bpb: number, tasks: Record<string, number> = {}) {
  const results: Record<string, Record<string, number>> = {};
  for (const [task, acc] of Object.entries(tasks)) results[task] = { 'acc,none': acc, 'acc_stderr,none': 0.035, 'acc_norm,none': acc, 'acc_norm_stderr,none': 0.035 };
  return { results, heldOut: { loss: bpb * Math.LN2, bitsPerByte: bpb, tokens: 1000 } };
}

function ok(design: string, scale: string, bpb: number, tasks?: Record<string, number>): { designId: string; scale: string; record: VerificationRecord } {
  return {
    designId: design, scale,
    record: {
      format: 'genesys-ts/verification@1', status: 'ok', design, designHash: design, ladder: 'l', scale, dataset: { dir: 'd', tokenizer: 'byte' },
      startedAt: '', finishedAt: '', wallSeconds: 1, sizing: null, training: null, evaluation: evaluation(bpb, tasks),
    },
  };
}

function baseline(scale: string, tasks?: Record<string, number>): BaselineRecord {
  return {
    format: 'genesys-ts/baseline@1', ladder: 'l', scale, dataset: { dir: 'd', tokenizer: 'byte' },
    sizing: { dModel: 1, nBlock: 1, params: 1, targetParams: 1, withinTolerance: true }, evaluation: evaluation(8, tasks), createdAt: '',
  };
}

const designs = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id }));

describe('rankPopulation', () => {
  it('ranks by held-out bits per byte and drops task columns no design wins against the baseline by the margin', () => {
    const input: RankInput = {
      designs, scales: ['s1', 's2'],
      verifications: [ok('a', 's1', 3.0, { piqa: 0.52 }), ok('b', 's1', 3.5, { piqa: 0.5 }), ok('c', 's1', 3.2, { piqa: 0.49 })],
      baselines: new Map([['s1', baseline('s1', { piqa: 0.5 })]]),
    };
    const ranking = rankPopulation(input);
    expect(ranking.designs.map((design) => design.name)).toEqual(['a', 'c', 'b', 'd']);
    expect(ranking.byId.get('d')?.fitness).toBeNull();
    const piqa = ranking.columns.find((column) => column.key === 's1/piqa.acc_norm')!;
    expect(piqa.kept).toBe(false);
    expect(ranking.columns.find((column) => column.key === 's1/held_out_bpb')!.kept).toBe(true);
    // bpb scores are (8 − bpb) / 8 in units of the run-to-run noise (0.02 / 8); in a full round robin
    // without draws Massey ratings are the centred scores: a − c = 0.2 bits = 10 noise units
    expect(ranking.byId.get('a')!.fitness! - ranking.byId.get('c')!.fitness!).toBeCloseTo(10, 6);
  });

  it('keeps a task column when some design beats the baseline by more than the margin and its standard errors', () => {
    const input: RankInput = {
      designs, scales: ['s1'],
      verifications: [ok('a', 's1', 3.0, { piqa: 0.7 }), ok('b', 's1', 3.0, { piqa: 0.5 })],
      baselines: new Map([['s1', baseline('s1', { piqa: 0.5 })]]),
    };
    const ranking = rankPopulation(input);
    expect(ranking.columns.find((column) => column.key === 's1/piqa.acc_norm')!.kept).toBe(true);
    // equal bpb is a draw; a wins on piqa
    expect(ranking.designs[0]!.name).toBe('a');
  });

  it('compares designs only at the same scale and adds confidence per scale verified', () => {
    const input: RankInput = {
      designs, scales: ['s1', 's2', 's3'],
      verifications: [ok('a', 's1', 3.0), ok('b', 's1', 3.4), ok('a', 's2', 2.0), ok('c', 's3', 1.0)],
      baselines: new Map(),
    };
    const ranking = rankPopulation(input);
    // c plays alone at s3: no games, so no rating despite the best raw bpb
    expect(ranking.byId.get('c')!.fitness).toBeNull();
    expect(ranking.byId.get('a')!.confidence).toBe(1 + 2);
    expect(ranking.byId.get('b')!.confidence).toBe(1);
    expect(ranking.byId.get('c')!.confidence).toBe(3);
    expect(ranking.byId.get('a')!.scales).toEqual(['s1', 's2']);
  });

  it('weighs each column by its noise, so a precise metric is not outvoted by a noisy one', () => {
    // a is 0.1 bits per byte better (5 noise units); b is 0.1 better on a 200-item task (under 3 standard errors)
    const input: RankInput = {
      designs, scales: ['s1'],
      verifications: [ok('a', 's1', 3.0, { piqa: 0.6 }), ok('b', 's1', 3.1, { piqa: 0.7 })],
      baselines: new Map([['s1', baseline('s1', { piqa: 0.5 })]]),
    };
    const ranking = rankPopulation(input);
    expect(ranking.columns.filter((column) => column.kept).map((column) => column.metric)).toEqual(['held_out_bpb', 'piqa.acc_norm']);
    expect(ranking.designs[0]!.name).toBe('a');
    // rating difference = mean margin over the two games, in standard errors
    expect(ranking.byId.get('a')!.fitness! - ranking.byId.get('b')!.fitness!).toBeCloseTo((5 - 0.1 / 0.035) / 2, 6);
  });

  it('ignores failed verifications', () => {
    const failed = { ...ok('b', 's1', 1.0) };
    failed.record = { ...failed.record, status: 'failed', reason: 'boom' } as VerificationRecord;
    const ranking = rankPopulation({ designs, scales: ['s1'], verifications: [ok('a', 's1', 3), failed], baselines: new Map() });
    expect(ranking.byId.get('b')!.fitness).toBeNull();
    expect(ranking.byId.get('b')!.scales).toEqual([]);
  });

  it('splits quadrants by fitness and confidence, ties below the cut', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: `d${i}`, name: `d${i}` }));
    const verifications = many.map((design, i) => ok(design.id, 's1', 3 + i * 0.1));
    verifications.push(ok('d0', 's2', 2), ok('d7', 's2', 2.5));
    const ranking = rankPopulation({ designs: many, scales: ['s1', 's2'], verifications, baselines: new Map() });
    expect(ranking.byId.get('d0')!.quadrant).toBe('good-high');
    expect(ranking.byId.get('d1')!.quadrant).toBe('good-low');
    expect(ranking.byId.get('d7')!.quadrant).toBe('poor-high');
    expect(ranking.byId.get('d4')!.quadrant).toBe('poor-low');
    // all confidences equal: nobody is high
    const flat = rankPopulation({ designs: many, scales: ['s1'], verifications: many.map((design, i) => ok(design.id, 's1', 3 + i * 0.1)), baselines: new Map() });
    expect(flat.designs.every((design) => design.quadrant?.endsWith('-low'))).toBe(true);
  });
});

describe('topShareThreshold', () => {
  it('cuts between the top share and the rest', () => {
    expect(topShareThreshold([1, 2, 3, 4, 5, 6, 7, 8], 0.25)).toBe(6.5);
    expect(topShareThreshold([3, 3, 3, 3], 0.25)).toBe(3);
    expect(topShareThreshold([5], 0.25)).toBeLessThan(5);
  });
});
