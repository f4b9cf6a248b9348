/**
 * @module The tokenizer contract: what meta.json records about a tokenizer, plus encode/decode.
 */
import { z } from 'zod';

export const TOKENIZER_NAMES = ['byte', 'gpt2'] as const;
export const TokenizerNameSchema = z.enum(TOKENIZER_NAMES);
export type TokenizerName = z.infer<typeof TokenizerNameSchema>;

/** The data part of a tokenizer, as meta.json stores it. */
export const TokenizerInfoSchema = z.object({
  name: TokenizerNameSchema,
  vocabSize: z.number().int().positive().describe('number of ids, EOS included'),
  eosId: z.number().int().nonnegative().describe('end of document; also the context of an empty prompt'),
});
export type TokenizerInfo = z.infer<typeof TokenizerInfoSchema>;

export interface Tokenizer extends TokenizerInfo {
  /** Text to ids; never produces `eosId`, even for text that spells a special token. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}
