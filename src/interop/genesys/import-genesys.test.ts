import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesignFolder } from '../../core/design-folder.js';
import type { Design } from '../../core/design.js';
import { GENESYS_FIXTURES as FIXTURES } from '../../../test/support/paths.js';
import { exportGenesys, importGenesys, UnknownSourceError } from './index.js';
import { executeUnitFiles, PYTHON } from '../../../test/support/python-units.js';

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'genesys-interop-'));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function importOne(source: string, out: string): Promise<Design> {
  const result = await importGenesys({ source, out: join(workspace, out) });
  expect(result.designs).toHaveLength(1);
  return readDesignFolder(result.designs[0]!.folder);
}

describe('importGenesys: designs.jsonl', () => {
  it('converts good rows, skips bad ones with reasons, warns on a misnamed unit', async () => {
    const result = await importGenesys({ source: join(FIXTURES, 'designs.jsonl'), out: join(workspace, 'jsonl') });
    expect(result.designs.map((design) => design.name)).toEqual(['toy-design', 'misnamed']);
    expect(result.skipped).toEqual([
      { name: 'line 2', reason: expect.stringContaining('malformed JSON') },
      { name: 'rootless', reason: expect.stringContaining('root') },
    ]);
    expect(result.designs[1]!.warnings).toEqual([expect.stringContaining('defines no class ToyBlock')]);

    const design = await readDesignFolder(result.designs[0]!.folder);
    const block = design.units.ToyBlock!;
    expect(design.args).toEqual({});
    expect(design.parents).toEqual(['gpt2']);
    expect(block.args).toEqual({ scale: 1 });
    expect(block.code).toContain('from model_discovery.model.utils.modules import GAUBase, gau_test, UnitDecl');
    expect(block.code).toContain('def test_ToyBlock_shape(');
    expect(block.code).toContain("UnitDecl(unitname='ToyNorm', requirements='normalise \"X\" per position\\\\n',");
    expect(design.units.ToyNorm!.code).toContain('CHILDREN_DECLARATIONS = []');
    expect(design.units.ToyNorm!.reuseFrom).toBe('gpt2.RMSNorm');
    expect(design.declares.ToyNorm!.requirements).toBe('normalise "X" per position\\n');
    expect(design.metadata.genesys).toMatchObject({ title: 'Toy Design', status: 'implemented', mode: 'mutation', verifiedScales: ['14M'] });
  });
});

describe('importGenesys: seeds and implementation folders', () => {
  it('keeps core seed files verbatim and reads declarations from their Python list', async () => {
    const design = await importOne(join(FIXTURES, 'core', 'toyseed.json'), 'core');
    expect(design.name).toBe('toyseed');
    expect(design.units.ToyBlock!.code).toMatch(/^SPEC = \{/m);
    expect(design.declares.ToyNorm).toEqual({ unitname: 'ToyNorm', requirements: 'normalise', inputs: ['X'], outputs: ['Y'] });
    expect(design.units.ToyNorm!.args).toEqual({ eps: 1e-5, act: { __expr__: 'F.silu' } });
  });

  it('reads a seed folder into the same design as its core JSON', async () => {
    const fromFolder = await importOne(join(FIXTURES, 'seed', 'toyseed'), 'seed');
    const fromJson = await importOne(join(FIXTURES, 'core', 'toyseed.json'), 'seed-json');
    expect(fromFolder.root).toBe('ToyBlock');
    expect(fromFolder.units).toEqual(fromJson.units);
    expect(fromFolder.declares).toEqual(fromJson.declares);
  });

  it('reads implementation.json with its JSON-string specs and declarations', async () => {
    const design = await importOne(join(FIXTURES, 'implementation', 'toyimpl'), 'impl');
    expect(design.name).toBe('toyimpl');
    expect(design.units.ToyBlock!.document).toBe('Residual block: norm, then a linear map.');
    expect(design.units.ToyBlock!.rating).toBe(3.5);
    expect(design.declares.ToyNorm!.unitname).toBe('ToyNorm');
  });

  it('rejects a path that is no original source', async () => {
    await expect(importGenesys({ source: join(FIXTURES, 'seed'), out: join(workspace, 'none') })).rejects.toBeInstanceOf(UnknownSourceError);
  });
});

describe('exportGenesys', () => {
  const sources = {
    'designs.jsonl': 'designs.jsonl',
    'core seed JSON': 'core/toyseed.json',
    'seed folder': 'seed/toyseed',
    'implementation folder': 'implementation/toyimpl',
  };
  it.each(Object.entries(sources))('round-trips a design imported from %s', async (label, source) => {
    const out = join(workspace, 'round', label.replaceAll(' ', '-'));
    const imported = await importGenesys({ source: join(FIXTURES, source), out: join(out, 'first') });
    for (const { folder } of imported.designs) {
      const original = await readDesignFolder(folder);
      const exported = await exportGenesys({ design: folder, out: join(out, 'exported') });
      expect(exported.files).toContain('implementation.json');
      expect((await readdir(join(exported.folder, 'units', 'src'))).sort()).toEqual(
        Object.keys(original.units).map((name) => `${name.toLowerCase()}.py`).sort(),
      );
      const again = await importOne(exported.folder, join('round', label.replaceAll(' ', '-'), 'again'));
      expect(again.units).toEqual(original.units);
      expect(again.declares).toEqual(original.declares);
      expect(again.root).toBe(original.root);
      expect(again.parents).toEqual(original.parents);
    }
  });

  it('exports generated units the original way: code without tests, tests in gautests', async () => {
    const imported = await importGenesys({ source: join(FIXTURES, 'designs.jsonl'), out: join(workspace, 'shape') });
    const exported = await exportGenesys({ design: imported.designs[0]!.folder, out: join(workspace, 'shape-out') });
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(join(exported.folder, 'implementation.json'), 'utf8'));
    const block = file.implementation.units.ToyBlock;
    expect(block.code).not.toContain('@gau_test');
    expect(block.code).not.toContain('CHILDREN_DECLARATIONS');
    expect(Object.keys(block.gautests)).toEqual(['test_ToyBlock_shape']);
    expect(JSON.parse(block.spec)).toEqual({ unitname: 'ToyBlock', document: expect.any(String), inputs: ['X'], outputs: ['Y'] });
    expect(JSON.parse(file.implementation.declares.ToyNorm).unitname).toBe('ToyNorm');
  });
});

describe.skipIf(PYTHON === null)('converted unit files run under genesys_rt.compat', () => {
  it('executes every fixture unit file', async () => {
    const files: string[] = [];
    for (const source of ['designs.jsonl', 'core/toyseed.json', 'implementation/toyimpl']) {
      const result = await importGenesys({ source: join(FIXTURES, source), out: join(workspace, 'python') });
      for (const design of result.designs) for (const unit of design.units) files.push(join(design.folder, 'units', `${unit}.py`));
    }
    expect(executeUnitFiles(PYTHON!, files)).toEqual({});
  });
});
