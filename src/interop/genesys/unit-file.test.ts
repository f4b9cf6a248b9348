import { describe, expect, it } from 'vitest';
import { childrenDeclarationsSource, classNames, composeUnitFile, splitUnitFile } from './unit-file.js';

const code = 'import torch\n\n\nclass A(GAUBase):\n    """Doc\nat column 0\n"""\n\n    def _forward(self, X, **Z):\n        return X\n';
const test = '@gau_test\ndef test_A_shape(device=None, dtype=None):\n    assert True\n';
const declaration = { unitname: 'B', requirements: "say 'hi'", inputs: ['X'], outputs: ['Y'] };

describe('unit files', () => {
  it('appends tests and generated declarations, and splits them back', () => {
    const file = composeUnitFile(code, [test], [declaration]);
    expect(file).toContain("UnitDecl(unitname='B', requirements='say \\'hi\\''");
    expect(classNames(file)).toEqual(['A']);
    const split = splitUnitFile(file);
    expect(split.tests).toEqual({ test_A_shape: test.trim() });
    expect(split.code).toBe(code);
    expect(composeUnitFile(split.code, Object.values(split.tests), [declaration])).toBe(file);
  });

  it('leaves a file that already has tests and declarations unchanged', () => {
    const file = `${code}\n${test}\n${childrenDeclarationsSource([])}\n`;
    expect(composeUnitFile(file, ['@gau_test\ndef other(): pass'], [declaration])).toBe(file);
  });
});
