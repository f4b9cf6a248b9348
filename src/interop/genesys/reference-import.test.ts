import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDesignFolder } from '../../core/design-folder.js';
import { HAS_REFERENCE, REFERENCE } from '../../../test/support/paths.js';
import { exportGenesys, importGenesys, type ImportResult } from './index.js';
import { executeUnitFiles, PYTHON } from '../../../test/support/python-units.js';
import { classNames } from './unit-file.js';

// The original system's extracted data lives in a sibling checkout that most machines lack.
describe.skipIf(!HAS_REFERENCE)('importing the original reference designs', () => {
  let out: string;
  const results: ImportResult[] = [];
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'genesys-reference-'));
    results.push(await importGenesys({ source: join(REFERENCE, 'designs.jsonl'), out }));
    for (const seed of (await readdir(join(REFERENCE, 'core'))).sort()) results.push(await importGenesys({ source: join(REFERENCE, 'core', seed), out }));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('gives 82 design folders (77 rows + 5 core seeds), each unit with exactly one class named like it', async () => {
    const designs = results.flatMap((result) => result.designs);
    expect(results.flatMap((result) => result.skipped)).toEqual([]);
    expect(designs).toHaveLength(82);
    expect((await readdir(out)).length).toBe(82);
    for (const { folder } of designs) {
      const design = await readDesignFolder(folder);
      for (const [name, unit] of Object.entries(design.units)) {
        expect(classNames(unit.code).filter((className) => className === name), `${design.name}.${name}`).toHaveLength(1);
        for (const child of unit.children) expect(design.declares[child], `${design.name}.${name} -> ${child}`).toBeDefined();
      }
    }
  });

  it('round-trips every design through export', async () => {
    for (const { folder } of results.flatMap((result) => result.designs)) {
      const original = await readDesignFolder(folder);
      const exported = await exportGenesys({ design: folder, out: join(out, 'exports', original.name) });
      const again = await importGenesys({ source: exported.folder, out: join(exported.folder, 'again') });
      const reimported = await readDesignFolder(again.designs[0]!.folder);
      expect(reimported.units, original.name).toEqual(original.units);
      expect(reimported.declares, original.name).toEqual(original.declares);
      await rm(exported.folder, { recursive: true, force: true });
    }
  });

  it.skipIf(PYTHON === null)('every converted unit file executes under genesys_rt.compat', () => {
    const files = results.flatMap((result) => result.designs.flatMap((design) => design.units.map((unit) => join(design.folder, 'units', `${unit}.py`))));
    expect(executeUnitFiles(PYTHON!, files)).toEqual({});
  });
});
