import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, cacheKey } from './cache-key.js';
import { decodeReply, extractPythonFiles, formatInstructions } from './reply-format.js';

describe('reply formats', () => {
  const schema = z.object({ rating: z.number().min(1).max(5) });

  it('finds the JSON object bare, fenced, or inside prose', () => {
    for (const text of ['{"rating": 4}', 'Here:\n```json\n{"rating": 4}\n```', 'My rating is {"rating": 4}, final.']) {
      expect(decodeReply({ kind: 'json', schema }, text)).toEqual({ ok: true, value: { rating: 4 } });
    }
  });

  it('states what is wrong with a reply in one line for the re-ask', () => {
    expect(decodeReply({ kind: 'json', schema }, '{"rating": 9}')).toMatchObject({ ok: false, problem: expect.stringMatching(/^rating: .*5/) });
    expect(decodeReply({ kind: 'json', schema }, 'I rate it four.')).toEqual({ ok: false, problem: 'the reply holds no JSON object' });
  });

  it('takes the fenced Python blocks and keeps the prose as notes', () => {
    const text = 'Two files.\n```python\nclass A: pass\n```\nand\n```py\nclass B: pass\n```\nDone.';
    expect(extractPythonFiles(text)).toEqual({ files: ['class A: pass\n', 'class B: pass\n'], notes: 'Two files.\n\nand\n\nDone.' });
  });

  it('shows the JSON Schema to the model', () => {
    expect(formatInstructions({ kind: 'json', schema })).toMatch(/"rating":\{"type":"number","minimum":1,"maximum":5\}/);
  });

  it('keys equal requests equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(cacheKey({ model: 'x', seed: 1 })).toBe(cacheKey({ seed: 1, model: 'x' }));
    expect(cacheKey({ model: 'x', seed: 1 })).not.toBe(cacheKey({ model: 'x', seed: 2 }));
  });
});
