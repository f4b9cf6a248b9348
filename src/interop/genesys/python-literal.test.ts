import { describe, expect, it } from 'vitest';
import { parsePythonLiteral, pythonString, readTopLevelConstant, toPython } from './python-literal.js';

describe('toPython', () => {
  it('writes JSON values as Python literals and expressions as source', () => {
    expect(toPython({ a: [1, 2.5, null], b: true, c: { __expr__: 'F.silu' } })).toBe("{'a': [1, 2.5, None], 'b': True, 'c': F.silu}");
  });

  it('escapes strings the way Python reads them back', () => {
    const text = 'it\'s "quoted"\n\ttab \\ back \u0001 é';
    expect(pythonString(text)).toBe("'it\\'s \"quoted\"\\n\\ttab \\\\ back \\x01 é'");
    expect(parsePythonLiteral(pythonString(text))).toBe(text);
  });
});

describe('parsePythonLiteral', () => {
  it('reads containers, numbers, triple-quoted and concatenated strings, comments', () => {
    const source = `{
      "a": [1, -2, 1e-5, 0x10],  # a comment
      'b': ('x', "y"),
      "c": '''line one
line two''',
      "d": "con" 'cat',
      "e": None, "f": False,
    }`;
    expect(parsePythonLiteral(source)).toEqual({ a: [1, -2, 1e-5, 16], b: ['x', 'y'], c: 'line one\nline two', d: 'concat', e: null, f: false });
  });

  it('keeps non-literals as source and reads keyword calls', () => {
    expect(parsePythonLiteral("{'act': F.silu, 'n': 2 ** 10}")).toEqual({ act: { __expr__: 'F.silu' }, n: { __expr__: '2 ** 10' } });
    expect(parsePythonLiteral("[UnitDecl(unitname='A', inputs=['X', '*Z'])]")).toEqual([
      { __call__: 'UnitDecl', kwargs: { unitname: 'A', inputs: ['X', '*Z'] } },
    ]);
  });
});

describe('readTopLevelConstant', () => {
  it('reads one top-level assignment and stops at the end of its statement', () => {
    const source = "import torch\nARGS = {'eps': 1e-5}\nCHILDREN = ['A']\nDESC = '''\n'''\n";
    expect(readTopLevelConstant(source, 'ARGS')).toEqual({ eps: 1e-5 });
    expect(readTopLevelConstant(source, 'CHILDREN')).toEqual(['A']);
    expect(readTopLevelConstant(source, 'DESC')).toBe('\n');
    expect(readTopLevelConstant(source, 'SPEC')).toBeUndefined();
  });
});
