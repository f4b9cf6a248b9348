// Evolution benchmarks: (1) ranking and selection over 10,000 designs (target < 200 ms);
// (2) search efficiency: the best first-scale loss found against verifications spent, quadrant
// selection vs random selection on the same budget, several seeds, with the library designer,
// the static checker and the synthetic verifier (its hidden landscape stands in for training).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRng, EvolutionConfigSchema, rankPopulation, releasedBudget, resolveSelection, runEvolution, selectParents, selectVerifications, SelectionOptionsSchema,
  type RankInput,
} from '../src/evolution/index.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { listVerifications, openStore } from '../src/store/index.js';
import type { VerificationRecord } from '../src/verify/index.js';

const DESIGNS = 10_000;
const SCALES = ['micro-1', 'micro-2', 'micro-3'];

function record(rng: ReturnType<typeof createRng>, scale: string): VerificationRecord {
  const bpb = 3 + rng.next() - SCALES.indexOf(scale) * 0.3;
  const task = () => ({ 'acc_norm,none': 0.25 + rng.next() * 0.3, 'acc_norm_stderr,none': 0.03 });
  return {
    format: 'genesys-ts/verification@1', status: 'ok', design: 'd', designHash: 'h', ladder: 'cpu-micro', scale, dataset: { dir: 'd', tokenizer: 'byte' },
    startedAt: '', finishedAt: '', wallSeconds: 1, sizing: null, training: null,
    evaluation: { results: { piqa: task(), hellaswag: task() }, heldOut: { loss: bpb, bitsPerByte: bpb, tokens: 1 } },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchEvolutionRanking(): Promise<void> {
  const rng = createRng('bench-ranking');
  const designs = Array.from({ length: DESIGNS }, (_, i) => ({ id: `d${i}`, name: `d${i}`, origin: i < 5 ? 'seed' : 'mutation' }));
  const verifications: RankInput['verifications'] = [];
  designs.forEach((design, i) => {
    verifications.push({ designId: design.id, scale: 'micro-1', record: record(rng, 'micro-1') });
    if (i % 4 === 0) verifications.push({ designId: design.id, scale: 'micro-2', record: record(rng, 'micro-2') });
    if (i % 16 === 0) verifications.push({ designId: design.id, scale: 'micro-3', record: record(rng, 'micro-3') });
  });
  const options = resolveSelection(SelectionOptionsSchema.parse({}), { seeds: 5, firstScaleBudget: 20_000 });
  const verified = new Map(verifications.map((row) => [`${row.designId}:${row.scale}`, 'ok']));
  const times: { rank: number; select: number }[] = [];
  for (let run = 0; run < 7; run += 1) {
    const start = performance.now();
    const ranking = rankPopulation({ designs, scales: SCALES, verifications, baselines: new Map() });
    const ranked = performance.now();
    for (let i = 0; i < 8; i += 1) selectParents(designs, ranking, DESIGNS, options, createRng('p', run, i));
    selectVerifications({
      designIds: designs.map((design) => design.id), scales: SCALES, verified, running: new Set(),
      available: releasedBudget([{ scale: 'micro-1', total: 20_000, used: DESIGNS }, { scale: 'micro-2', total: 5000, used: 2500 }, { scale: 'micro-3', total: 1250, used: 625 }]),
    }, ranking, options, createRng('v', run), 8);
    times.push({ rank: ranked - start, select: performance.now() - ranked });
  }
  const rank = median(times.map((time) => time.rank));
  const select = median(times.map((time) => time.select));
  console.log(`\nevolution: rank ${DESIGNS.toLocaleString('en-US')} designs (${verifications.length.toLocaleString('en-US')} verifications, 9 metric columns) and select 8 parents + 8 verifications, median of 7`);
  console.log(`  ranking (Massey)   ${rank.toFixed(1)} ms`);
  console.log(`  selection          ${select.toFixed(1)} ms`);
  console.log(`  total              ${(rank + select).toFixed(1)} ms   (target < 200 ms)`);
}

/** Best first-scale bpb after each first-scale verification, in the order they were stored. */
async function bestCurve(strategy: 'quadrant' | 'random', seed: number, budget: Record<string, number>): Promise<number[]> {
  const workspace = mkdtempSync(join(tmpdir(), 'genesys-bench-evolve-'));
  const store = await openStore({ workspace, create: true });
  try {
    const config = EvolutionConfigSchema.parse({
      seed, budget, check: { mode: 'static' }, verify: { mode: 'synthetic' }, generation: { designs: 2, verifications: 2 },
      selection: { strategy, crossoverAfter: 6, scratchAfter: 12 },
    });
    await runEvolution({ store, evolution: 'bench', config, pollMs: 10 });
    const verifications = (await listVerifications(store.db, { evolution: 'bench' }))
      .filter((row) => row.scale === 'micro-1' && row.heldOutBpb !== null)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    let best = Number.POSITIVE_INFINITY;
    return verifications.map((row) => (best = Math.min(best, row.heldOutBpb!)));
  } finally {
    await store.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function searchEfficiency(): Promise<void> {
  const seeds = [1, 2, 3, 4];
  const budget = { 'micro-1': 40, 'micro-2': 10, 'micro-3': 0 };
  const curves: Record<string, number[][]> = { quadrant: [], random: [] };
  const started = performance.now();
  for (const seed of seeds) {
    for (const strategy of ['quadrant', 'random'] as const) curves[strategy]!.push(await bestCurve(strategy, seed, budget));
  }
  const mean = (strategy: string, k: number) => {
    const values = curves[strategy]!.map((curve) => curve[Math.min(k, curve.length) - 1]!).filter((value) => value !== undefined);
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  console.log(`\nevolution: search efficiency, synthetic landscape, budget micro-1=${budget['micro-1']} micro-2=${budget['micro-2']}, seeds ${seeds.join(', ')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log('  mean best micro-1 bpb (lower is better) after k verifications at micro-1 (5 seed designs first)');
  console.log('     k   quadrant    random   random − quadrant');
  for (const k of [5, 10, 15, 20, 25, 30, 35, 40]) {
    const quadrant = mean('quadrant', k);
    const random = mean('random', k);
    console.log(`  ${String(k).padStart(4)}   ${quadrant.toFixed(4)}    ${random.toFixed(4)}    ${(random - quadrant >= 0 ? '+' : '')}${(random - quadrant).toFixed(4)}`);
  }
}

export async function benchEvolution(): Promise<void> {
  await benchEvolutionRanking();
  await searchEfficiency();
  await closeWorkerPool();
}
