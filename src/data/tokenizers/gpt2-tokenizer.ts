/**
 * @module GPT-2's byte-level BPE (js-tiktoken with its bundled ranks, so it works offline), EOS 50256.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import type { Tokenizer } from './tokenizer.js';

const EOS = 50256; // <|endoftext|>
let shared: Tiktoken | undefined; // building the rank table takes ~0.2 s; do it once per process

export function gpt2Tokenizer(): Tokenizer {
  shared ??= new Tiktoken(gpt2Ranks);
  const encoding = shared;
  return {
    name: 'gpt2',
    vocabSize: 50257,
    eosId: EOS,
    // No special tokens allowed or disallowed: "<|endoftext|>" inside a document is ordinary text.
    encode: (text) => encoding.encode(text, [], []),
    decode: (ids) => encoding.decode([...ids]),
  };
}
