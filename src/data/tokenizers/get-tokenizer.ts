/**
 * @module Tokenizers by name.
 */
import { InputError } from '../../core/errors.js';
import { byteTokenizer } from './byte-tokenizer.js';
import { gpt2Tokenizer } from './gpt2-tokenizer.js';
import { TOKENIZER_NAMES, type Tokenizer } from './tokenizer.js';

/** `byte` or `gpt2`; anything else is an InputError listing the known names. */
export function getTokenizer(name: string): Tokenizer {
  if (name === 'byte') return byteTokenizer();
  if (name === 'gpt2') return gpt2Tokenizer();
  throw new InputError(`unknown tokenizer "${name}"`, { hint: `tokenizers: ${TOKENIZER_NAMES.join(', ')}` });
}
