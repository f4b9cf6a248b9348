// Turning coder files into a candidate design with the real static analyzer: names, reuse and renames.
import { afterAll, describe, expect, it } from 'vitest';
import { GATE_FILE, mixerFile } from '../../../test/support/llm-design-fixtures.js';
import { tinyDesign } from '../../../test/fixtures/tiny-design.js';
import { analyzeUnitsInPool } from '../../checker/index.js';
import { closeWorkerPool } from '../../runtime/index.js';
import { renameInCode } from '../library/rename-code.js';
import { ingestUnits, pendingUnits } from './unit-ingest.js';

afterAll(async () => {
  await closeWorkerPool();
});

const parent = { ...tinyDesign('good'), name: 'tiny' };
const replaceMixer = { kind: 'replace' as const, unit: 'Mixer', declaration: parent.declares.Mixer! };
const ingest = (files: string[], task: Parameters<typeof ingestUnits>[0]['task'] = replaceMixer, tree = parent) =>
  ingestUnits({ tree, files, task, designName: 'new', analyze: analyzeUnitsInPool, renameInCode });

describe('unit ingest', () => {
  it('replaces a unit under a new name, renaming it in the parent by AST, and leaves children pending', async () => {
    const result = await ingest([mixerFile()]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.design.units.Tiny!.code).toContain('self.mixer = CumGateMixer(');
    expect(result.design.units.Tiny!.code).toContain('UnitDecl(unitname="CumGateMixer"');
    expect(result.design.units.Mixer).toBeUndefined();
    expect(result.design.declares.CumGateMixer).toMatchObject({ requirements: 'mixes tokens causally' });
    expect(pendingUnits(result.design)).toEqual(['GateProj']);
  });

  it('refuses a child under another name, a rewrite of an existing unit, and a reply with two tops', async () => {
    const replaced = await ingest([mixerFile()]);
    if (!replaced.ok) throw new Error('setup failed');
    const child = { kind: 'child' as const, unit: 'GateProj', declaration: replaced.design.declares.GateProj! };
    const renamed = await ingest([GATE_FILE.replaceAll('GateProj', 'Gate')], child, replaced.design);
    expect(renamed).toMatchObject({ ok: false, problems: ['the unit must be named GateProj (its parent builds it under that name), not Gate'] });
    const rewrite = await ingest([GATE_FILE, GATE_FILE.replaceAll('GateProj', 'Tiny')], child, replaced.design);
    expect(rewrite.ok === false && rewrite.problems[0]).toMatch(/^the unit Tiny already exists in the design/);
    const twoTops = await ingest([mixerFile({ withGate: false }), GATE_FILE]);
    expect(twoTops.ok === false && twoTops.problems[0]).toMatch(/several top units \(CumGateMixer, GateProj\)/);
  });
});
