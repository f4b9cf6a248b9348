import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../checker/index.js';
import { readDesignFolder } from '../core/design-folder.js';
import type { Design } from '../core/design.js';
import { closeWorkerPool, packageRoot } from '../runtime/index.js';
import type { DesignRequest } from './designer.js';
import { createLibraryDesigner } from './library-designer.js';
import { canonicalHash } from './library/canonical-hash.js';
import { graft, setArg, unwrap, wrap } from './library/edits.js';
import { loadParts } from './library/parts.js';
import { renameInCode } from './library/rename-code.js';
import { reachable } from './library/tree.js';
import { unitRoles } from './library/unit-roles.js';

const seed = (name: string) => readDesignFolder(join(packageRoot, 'library', name));
afterAll(() => closeWorkerPool());

const passing = async (): Promise<CheckReport> => ({ design: null, passed: true, options: {}, environment: {}, units: {}, parameters: null, checks: [] });

function request(overrides: Partial<DesignRequest> & Pick<DesignRequest, 'library' | 'parents'>): DesignRequest {
  return {
    evolution: 'test', mode: 'mutation', population: [], name: 'child', seed: 1, sessionKey: 'k', db: undefined as never, check: passing, ...overrides,
  };
}

/** Every child a unit lists exists, is declared, and the root reaches every unit. */
function expectConsistent(design: Design): void {
  const live = new Set(reachable(design));
  expect([...live].sort()).toEqual(Object.keys(design.units).sort());
  for (const unit of Object.values(design.units)) {
    for (const child of unit.children) {
      expect(design.units[child], `${unit.name} → ${child}`).toBeDefined();
      expect(design.declares[child], `declaration of ${child}`).toBeDefined();
    }
  }
}

describe('library designer edits', () => {
  it('grafts a unit with its subtree and points the parent at it in code', async () => {
    const [gpt, retnet] = await Promise.all([seed('gpt'), seed('retnet')]);
    const { design, changes } = await graft(gpt, 'MHA', retnet, 'MultiScaleRetention');
    expectConsistent(design);
    expect(design.units.MHA).toBeUndefined();
    expect(design.units.GPT2!.children).toContain('MultiScaleRetention');
    expect(design.units.GPT2!.code).toMatch(/self\.mha = MultiScaleRetention\(/);
    expect(design.units.GPT2!.code).not.toMatch(/= MHA\(/);
    expect(design.units.MultiScaleRetention!.reuseFrom).toBe('retnet.MultiScaleRetention');
    expect(unitRoles(design).MultiScaleRetention).toBe('mixer');
    expect(changes).toEqual([expect.objectContaining({ kind: 'replace', role: 'mixer', from: 'MHA', to: 'MultiScaleRetention', donor: 'retnet' })]);
  });

  it('renames a grafted unit that clashes with a different unit the design keeps', async () => {
    const [ttt, gpt] = await Promise.all([seed('ttt'), seed('gpt')]);
    // ttt keeps its RMSNorm (used by Conv); gpt's GatedMLP is byte-identical and shared, so grafting into the MLP slot renames nothing
    const same = await graft(ttt, 'GatedMLP', gpt, 'GatedMLP');
    expect(Object.keys(same.design.units).sort()).toEqual(Object.keys(ttt.units).sort());
    const mha = gpt.units.MHA!;
    const donor: Design = { ...gpt, units: {
      ...gpt.units,
      RMSNorm: { ...gpt.units.RMSNorm!, code: `${gpt.units.RMSNorm!.code}\nEPS = 1e-6\n` },
      MHA: { ...mha, children: [...mha.children, 'RMSNorm'] },
    } };
    const { design } = await graft(ttt, 'TTTLinear', donor, 'MHA');
    expectConsistent(design);
    expect(design.units.RMSNorm2).toBeDefined();
    expect(design.units.MHA!.children).toContain('RMSNorm2');
  });

  it('wraps a unit in an optional part and unwraps it back to the same computation', async () => {
    const gpt = await seed('gpt');
    const gate = (await loadParts()).find((part) => part.unit === 'OutputGate');
    if (gate?.kind !== 'wrapper') throw new Error('OutputGate is missing from library/parts');
    const wrapped = await wrap(gpt, 'GatedMLP', gate);
    expectConsistent(wrapped.design);
    expect(wrapped.design.units.OutputGateGatedMLP!.code).toMatch(/self\.inner = GatedMLP\(/);
    expect(wrapped.design.units.GPT2!.code).toMatch(/OutputGateGatedMLP\(/);
    expect(canonicalHash(wrapped.design)).not.toBe(canonicalHash(gpt));
    const unwrapped = await unwrap(wrapped.design, 'OutputGateGatedMLP');
    expectConsistent(unwrapped.design);
    expect(canonicalHash(unwrapped.design)).toBe(canonicalHash(gpt));
  });

  it('hashes designs canonically: unit names and spelled-out defaults do not matter, arguments do', async () => {
    const gpt = await seed('gpt');
    // (a rename that leaves the old name in a message string is different code, so rename a unit without one)
    const [root, mlp] = await renameInCode([
      { code: gpt.units.GPT2!.code, renames: [['GatedMLP', 'FeedForward']] },
      { code: gpt.units.GatedMLP!.code, renames: [['GatedMLP', 'FeedForward']] },
    ]);
    const units = { ...gpt.units, GPT2: { ...gpt.units.GPT2!, code: root!, children: ['RMSNorm', 'MHA', 'FeedForward'] }, FeedForward: { ...gpt.units.GatedMLP!, name: 'FeedForward', code: mlp! } };
    delete (units as Record<string, unknown>).GatedMLP;
    expect(canonicalHash({ ...gpt, units })).toBe(canonicalHash(gpt));
    expect(canonicalHash(setArg(gpt, 'mha_head_dim', 32, 32).design)).toBe(canonicalHash(gpt));
    expect(canonicalHash(setArg(gpt, 'mha_head_dim', 16, 32).design)).not.toBe(canonicalHash(gpt));
  });
});

describe('createLibraryDesigner', () => {
  it('gives the same offspring for the same seed and describes what changed', async () => {
    const library = await Promise.all(['gpt', 'mamba2', 'retnet', 'rwkv6', 'ttt'].map(seed));
    const designer = createLibraryDesigner();
    const parents = [{ id: 'gpt', design: library[0]!, description: '', fitness: null, metrics: {} }];
    const first = await designer.design(request({ library, parents, seed: 11 }));
    const again = await designer.design(request({ library, parents, seed: 11 }));
    expect(first).toEqual(again);
    if (first.status !== 'accepted') throw new Error(first.reason);
    expect(first.design.name).toBe('child');
    expect(first.design.parents).toEqual(['gpt']);
    expect(first.description).toMatch(/^Mutation of gpt\. /);
    expectConsistent(first.design);
  });

  it('skips duplicates of the population and records checker rejections', async () => {
    const library = await Promise.all(['gpt', 'retnet'].map(seed));
    const parents = [{ id: 'gpt', design: library[0]!, description: '', fitness: null, metrics: {} }];
    const designer = createLibraryDesigner({ maxAttempts: 3 });
    const accepted = await designer.design(request({ library, parents, seed: 5 }));
    if (accepted.status !== 'accepted') throw new Error(accepted.reason);
    const population = [{ name: 'taken', canonicalHash: canonicalHash(accepted.design), description: '' }];
    const next = await designer.design(request({ library, parents, seed: 5, population }));
    expect(next.attempts[0]?.data.reason).toBe('computes the same as taken');
    const failing = async (): Promise<CheckReport> => ({
      ...(await passing()), passed: false,
      checks: [{ name: 'causality', status: 'fail', summary: 'leak', data: {}, issues: [{ severity: 'error', code: 'causal_leak', message: 'future tokens leak', unit: 'MHA', file: null, line: null, source: null, traceback: [] }] }],
    });
    const rejected = await designer.design(request({ library, parents, seed: 5, check: failing }));
    expect(rejected.status).toBe('rejected');
    expect(rejected.attempts).toHaveLength(3);
    // a repeat of an offspring that already failed is not checked again
    const checked = rejected.attempts.filter((attempt) => attempt.report);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every((attempt) => attempt.status === 'rejected' && attempt.data.reason === 'future tokens leak')).toBe(true);
  });

  it('makes crossovers that pass the real checker', async () => {
    const library = await Promise.all(['gpt', 'retnet'].map(seed));
    const parents = library.map((design) => ({ id: design.name, design, description: '', fitness: null, metrics: {} }));
    const outcome = await createLibraryDesigner({ maxAttempts: 1 }).design(request({
      library, parents, mode: 'crossover', seed: 3, // what is checked here is the grafted code, not its speed on a busy machine
      check: (design) => runCheck({ design, options: { timing_repeats: 1, time_ratio_error: 1e6, memory_ratio_error: 1e6 } }),
    }));
    if (outcome.status !== 'accepted') throw new Error(`${outcome.reason}`);
    expect(outcome.description).toMatch(/^Crossover of gpt and retnet/);
  });
});
