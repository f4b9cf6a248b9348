// A store seeded for the dashboard's tests and benchmark, through the store's own repositories:
// an evolution with two seeds, mutations, a crossover, a failed and an unverified design,
// verifications with curves at two scales, baselines, designer records, LLM calls, nodes, jobs,
// budgets and events. `seedPopulation` adds many designs quickly for the benchmark.
import type { CheckReport } from '../../src/checker/report.js';
import { DesignSchema, type Design } from '../../src/core/design.js';
import {
  addImplementationAttempt, addProposal, addReview, appendEvent, claimJob, completeJob, enqueueJob, ensureEvolution, failJob, insertDesign,
  migrate, openPgliteDb, recordLlmCall, registerNode, setBudget, setNodeStatus, upsertBaseline, upsertVerification, type Db,
} from '../../src/store/index.js';
import type { BaselineRecord, VerificationRecord } from '../../src/verify/index.js';
import { failedRecord, okRecord } from './store-fixtures.js';

export const EVOLUTION = 'evo';
export const LADDER = 'cpu-micro';

/** A design whose root `Block` holds the given child units; `variant` changes the code (and hash). */
export function dashboardDesign(name: string, options: { parents?: string[]; units?: Record<string, string>; variant?: string } = {}): Design {
  const units = options.units ?? { Mixer: 'class Mixer:\n    pass\n' };
  return DesignSchema.parse({
    name,
    root: 'Block',
    parents: options.parents ?? [],
    units: {
      Block: { name: 'Block', code: `# ${name} ${options.variant ?? ''}\nclass Block:\n    pass\n`, children: Object.keys(units) },
      ...Object.fromEntries(Object.entries(units).map(([unit, code]) => [unit, { name: unit, code }])),
    },
  });
}

/** An ok record with a falling training curve and a few task metrics derived from `bitsPerByte`. */
export function scoredRecord(design: string, scale: string, bitsPerByte: number, ladder = LADDER): VerificationRecord {
  const base = okRecord({ design, scale, bitsPerByte, ladder });
  if (base.status !== 'ok' || !base.training) throw new Error('okRecord changed shape');
  const curve = Array.from({ length: 20 }, (_, step): [number, number] => [step * 10, bitsPerByte + 3 * Math.exp(-step / 5)]);
  return {
    ...base,
    training: { ...base.training, curve },
    evaluation: {
      ...base.evaluation,
      results: { blimp: { acc: 0.9 - bitsPerByte / 10 }, arc_easy: { acc: 0.5 - bitsPerByte / 20, acc_norm: 0.52 - bitsPerByte / 20 } },
    },
  };
}

function baselineRecord(scale: string, bitsPerByte: number): BaselineRecord {
  return {
    format: 'genesys-ts/baseline@1', ladder: LADDER, scale, dataset: { dir: 'data', tokenizer: 'byte' },
    sizing: { dModel: 64, nBlock: 2, params: 120_000, targetParams: 120_000, withinTolerance: true },
    evaluation: { results: { blimp: { acc: 0.5 }, arc_easy: { acc: 0.25, acc_norm: 0.25 } }, heldOut: { loss: bitsPerByte * 0.69, bitsPerByte, tokens: 1000 } },
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

const REPORT: CheckReport = {
  design: 'child-a', passed: false, durationS: 2.5, options: {}, environment: {}, units: {}, parameters: null,
  checks: [
    { name: 'static', status: 'pass', summary: 'units parse', issues: [], data: {} },
    { name: 'causality', status: 'fail', summary: 'future tokens leak into position 3', data: {}, issues: [
      { severity: 'error', code: 'causality', message: 'output at 3 changes when token 7 changes', unit: 'Gate', file: 'units/Gate.py', line: 12, source: 'x.mean(1)', traceback: [] },
    ] },
  ],
};

const HARDWARE = { hostname: 'gpu-host', platform: 'linux', cpuModel: 'Test CPU', cpuCount: 8, memoryBytes: 32e9, gpus: [{ name: 'H100', memoryMiB: 81_559 }] };

export interface SeededStore {
  db: Db;
  ids: Record<string, string>;
  jobs: { running: number; failed: number; succeeded: number; queued: number };
  close(): Promise<void>;
}

/** A fresh in-memory store with the fixed population described above. */
export async function openSeededStore(): Promise<SeededStore> {
  const db = await openPgliteDb();
  await migrate(db);
  await ensureEvolution(db, { name: EVOLUTION, config: { ladder: LADDER } });
  const ids: Record<string, string> = {};
  const add = async (design: Design, origin: string) => {
    ids[design.name] = (await insertDesign(db, { evolution: EVOLUTION, design, origin })).id;
  };
  await add(dashboardDesign('gpt'), 'seed');
  await add(dashboardDesign('mamba2', { units: { Scan: 'class Scan:\n    pass\n' } }), 'seed');
  await add(dashboardDesign('child-a', { parents: ['gpt'], units: { Mixer: 'class Mixer:\n    pass\n', Gate: 'class Gate:\n    gate = 1\n' } }), 'mutation');
  await add(dashboardDesign('child-b', { parents: ['mamba2'], units: { Scan: 'class Scan:\n    fast = True\n' } }), 'mutation');
  await add(dashboardDesign('cross', { parents: ['child-a', 'child-b'], units: { Mixer: 'class Mixer:\n    pass\n', Scan: 'class Scan:\n    fast = True\n' } }), 'crossover');
  await add(dashboardDesign('broken', { parents: ['gpt'], variant: 'nan' }), 'mutation');
  await add(dashboardDesign('pending', { parents: ['child-a'], variant: 'new' }), 'mutation');

  const scores: [string, string, number][] = [
    ['gpt', 'micro-1', 2.4], ['mamba2', 'micro-1', 2.5], ['child-a', 'micro-1', 2.2], ['child-b', 'micro-1', 2.45], ['cross', 'micro-1', 2.3],
    ['gpt', 'micro-2', 2.1], ['child-a', 'micro-2', 2.0],
  ];
  for (const [name, scale, bpb] of scores) await upsertVerification(db, { designId: ids[name]!, record: scoredRecord(name, scale, bpb) });
  await upsertVerification(db, { designId: ids.broken!, record: failedRecord({ design: 'broken', scale: 'micro-1', status: 'diverged', reason: 'loss became NaN at step 40' }) });
  await upsertBaseline(db, baselineRecord('micro-1', 8.1));
  await upsertBaseline(db, baselineRecord('micro-2', 8.0));

  await addProposal(db, { designId: ids['child-a']!, version: 1, text: '# Gated mixer\n\nAdd a **gate** after the mixer.\n\n| part | change |\n|---|---|\n| Gate | new |', rating: 4.2 });
  await addReview(db, { designId: ids['child-a']!, proposalVersion: 1, reviewer: 'reviewer', text: 'Sound idea; check *causality* of the gate.', rating: 4 });
  await addImplementationAttempt(db, { designId: ids['child-a']!, attempt: 1, unitName: 'Gate', status: 'rejected', report: REPORT });
  await addImplementationAttempt(db, { designId: ids['child-a']!, attempt: 2, unitName: 'Gate', status: 'accepted', report: { ...REPORT, passed: true, checks: [REPORT.checks[0]!] } });
  for (const [index, role] of ['proposer', 'reviewer', 'coder'].entries()) {
    await recordLlmCall(db, {
      cacheKey: `call-${index}`, evolution: EVOLUTION, model: index === 2 ? 'model-large' : 'model-small', role, designId: ids['child-a']!,
      tokensIn: 1000 * (index + 1), tokensOut: 200, costUsd: 0.05 * (index + 1), latencyMs: 900, request: {}, response: {},
    });
  }
  await setBudget(db, { evolution: EVOLUTION, ladder: LADDER, scale: 'micro-1', total: 16, used: 6 });
  await setBudget(db, { evolution: EVOLUTION, ladder: LADDER, scale: 'micro-2', total: 4, used: 2 });

  await registerNode(db, { id: 'node-a', role: 'verify', kinds: ['verify'], concurrency: 1, hardware: HARDWARE, pid: 100 });
  await registerNode(db, { id: 'node-b', role: 'design', kinds: ['check'], concurrency: 2, hardware: { ...HARDWARE, hostname: 'cpu-host', gpus: [] }, pid: 200 });
  await setNodeStatus(db, { id: 'node-b', status: 'paused' });

  const enqueue = async (kind: string, payload: unknown) => (await enqueueJob(db, { kind, payload, maxAttempts: 1 })).job.id;
  const succeeded = await enqueue('verify', { designId: ids.gpt, scale: 'micro-1' });
  const failed = await enqueue('verify', { designId: ids.broken, scale: 'micro-1' });
  const running = await enqueue('verify', { designId: ids.cross, scale: 'micro-2' });
  const queued = await enqueue('check', { designId: ids.pending });
  const claim = async () => (await claimJob(db, { nodeId: 'node-a', kinds: ['verify'], leaseSeconds: 600 }))!;
  const first = await claim();
  await completeJob(db, { jobId: first.id, leaseToken: first.leaseToken, result: { ok: true } });
  const second = await claim();
  await failJob(db, { jobId: second.id, leaseToken: second.leaseToken, error: 'loss became NaN at step 40' });
  await claim();

  await appendEvent(db, { kind: 'design-added', evolution: EVOLUTION, designId: ids.pending, data: { name: 'pending' } });
  await appendEvent(db, { kind: 'verification-finished', evolution: EVOLUTION, designId: ids['child-a'], data: { scale: 'micro-2' } });
  return { db, ids, jobs: { running, failed, succeeded, queued }, close: () => db.close() };
}

/**
 * Adds `count` designs to an evolution in a few statements (a benchmark-sized tree): each has one
 * or two parents among the earlier ones, and most have a verification at the smallest scale.
 */
export async function seedPopulation(db: Db, options: { evolution: string; count: number; ladder?: string; scale?: string }): Promise<void> {
  const ladder = options.ladder ?? LADDER;
  await ensureEvolution(db, { name: options.evolution, config: { ladder } });
  // A fixed LCG keeps the tree the same from run to run.
  let state = 12345;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const values: string[] = [];
  const edges: string[] = [];
  const verifications: string[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const id = `${options.evolution}-d${index}`;
    values.push(`('${id}', '${options.evolution}', 'design-${index}', md5('${id}'), '${index < 5 ? 'seed' : 'mutation'}',
      jsonb_build_object('format', 'genesys-ts/design@1', 'name', 'design-${index}', 'root', 'Block', 'units', '{}'::jsonb),
      now() + interval '${index} milliseconds')`);
    if (index >= 5) {
      const first = Math.floor(random() * index);
      edges.push(`('${id}', 0, '${options.evolution}-d${first}')`);
      const second = Math.floor(random() * index);
      if (random() < 0.15 && second !== first) edges.push(`('${id}', 1, '${options.evolution}-d${second}')`);
    }
    if (random() < 0.85) {
      const bpb = Number((2 + random()).toFixed(4));
      const record = JSON.stringify(scoredRecord(`design-${index}`, options.scale ?? 'micro-1', bpb, ladder));
      verifications.push(`('${id}', '${options.evolution}', '${ladder}', '${options.scale ?? 'micro-1'}', 'ok', '${record}'::jsonb, ${bpb}, ${bpb * 0.69}, 120000)`);
    }
  }
  await db.exec(`INSERT INTO designs (id, evolution, name, design_hash, origin, design, created_at) VALUES ${values.join(',\n')}`);
  if (edges.length > 0) await db.exec(`INSERT INTO design_parents (design_id, position, parent_id) VALUES ${edges.join(',\n')}`);
  if (verifications.length > 0) {
    await db.exec(`INSERT INTO verifications (design_id, evolution, ladder, scale, status, record, held_out_bpb, held_out_loss, params) VALUES ${verifications.join(',\n')}`);
  }
}
