/**
 * @module Bytes of UTF-8 as tokens (ids 0–255), EOS 256: no vocabulary to download, bits per byte for free.
 */
import type { Tokenizer } from './tokenizer.js';

const EOS = 256;

export function byteTokenizer(): Tokenizer {
  return {
    name: 'byte',
    vocabSize: 257,
    eosId: EOS,
    encode: (text) => Array.from(Buffer.from(text, 'utf8')),
    decode: (ids) => Buffer.from(ids.filter((id) => id !== EOS)).toString('utf8'),
  };
}
