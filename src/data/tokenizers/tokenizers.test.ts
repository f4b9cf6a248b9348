// The tokenizer contract, run against every tokenizer; then each one's own facts.
import { describe, expect, it } from 'vitest';
import { getTokenizer } from './get-tokenizer.js';
import { TOKENIZER_NAMES } from './tokenizer.js';

const SAMPLES = ['Hello world', 'naïve café — 東京 🚀', 'tabs\tand\nnewlines\n\n', ' leading space', ''];

describe.each(TOKENIZER_NAMES)('tokenizer %s', (name) => {
  const tokenizer = getTokenizer(name);

  it('round-trips text and stays inside the vocabulary without producing EOS', () => {
    for (const text of SAMPLES) {
      const ids = tokenizer.encode(text);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize && id !== tokenizer.eosId)).toBe(true);
    }
  });

  it('treats the spelled-out end-of-text marker as ordinary text', () => {
    const ids = tokenizer.encode('a <|endoftext|> b');
    expect(ids).not.toContain(tokenizer.eosId);
    expect(tokenizer.decode(ids)).toBe('a <|endoftext|> b');
  });
});

describe('byte tokenizer', () => {
  it('is UTF-8 with EOS 256', () => {
    const tokenizer = getTokenizer('byte');
    expect([tokenizer.vocabSize, tokenizer.eosId]).toEqual([257, 256]);
    expect(tokenizer.encode('é!')).toEqual([0xc3, 0xa9, 0x21]);
  });
});

describe('gpt2 tokenizer', () => {
  it('matches GPT-2 ids offline, with EOS 50256', () => {
    const tokenizer = getTokenizer('gpt2');
    expect([tokenizer.vocabSize, tokenizer.eosId]).toEqual([50257, 50256]);
    expect(tokenizer.encode('Hello world')).toEqual([15496, 995]);
    expect(tokenizer.decode([50256])).toBe('<|endoftext|>');
  });
});

it('rejects an unknown tokenizer name with the known ones', () => {
  expect(() => getTokenizer('llama')).toThrow(/unknown tokenizer "llama"/);
});
