import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PythonNotFoundError, TorchMissingError } from './errors.js';
import { findPython } from './python.js';

const folder = mkdtempSync(join(tmpdir(), 'genesys-python-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fakePython(name: string, body: string): string {
  const path = join(folder, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('findPython', () => {
  const saved = process.env.GENESYS_PYTHON;
  afterEach(() => {
    if (saved === undefined) delete process.env.GENESYS_PYTHON;
    else process.env.GENESYS_PYTHON = saved;
  });

  it('finds an interpreter that imports torch, and caches the answer', async () => {
    delete process.env.GENESYS_PYTHON;
    const first = findPython();
    expect(findPython()).toBe(first);
    const info = await first;
    expect(info.torch).toEqual(expect.any(String));
    expect(info.executable).toMatch(/python/);
  });

  it('skips the torch import when torch is not required', async () => {
    delete process.env.GENESYS_PYTHON;
    expect(await findPython({ requireTorch: false })).toMatchObject({ torch: null, version: expect.stringMatching(/^3\./) });
  });

  it('uses GENESYS_PYTHON when set', async () => {
    const real = (await findPython()).executable;
    process.env.GENESYS_PYTHON = fakePython('wrapped-python', `exec ${real} "$@"`);
    expect(await findPython()).toMatchObject({ executable: real, torch: expect.any(String) });
  });

  it('reports a GENESYS_PYTHON that does not run, with the install hint', async () => {
    process.env.GENESYS_PYTHON = fakePython('broken-python', 'echo "broken on purpose" >&2; exit 1');
    const error = await findPython().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PythonNotFoundError);
    expect(error).toMatchObject({ code: 'python_not_found', message: expect.stringContaining('broken on purpose') });
    expect((error as PythonNotFoundError).hint).toContain('GENESYS_PYTHON');
  });

  it('reports a GENESYS_PYTHON without torch, but accepts it when torch is not required', async () => {
    const real = (await findPython({ requireTorch: false })).executable;
    // A `torch` package that fails to import stands in for an interpreter without torch.
    const shadow = join(folder, 'no-torch', 'torch');
    mkdirSync(shadow, { recursive: true });
    writeFileSync(join(shadow, '__init__.py'), 'raise ImportError("no torch in this test")\n');
    process.env.GENESYS_PYTHON = fakePython('torchless-python', `PYTHONPATH=${join(folder, 'no-torch')} exec ${real} "$@"`);
    await expect(findPython()).rejects.toBeInstanceOf(TorchMissingError);
    await expect(findPython()).rejects.toMatchObject({ code: 'torch_missing', message: expect.stringContaining('no torch in this test') });
    expect(await findPython({ requireTorch: false })).toMatchObject({ torch: null });
  });
});
