/**
 * @module What a call costs: a price table per model id (USD per million tokens), overridable in
 * config. Ids match by the longest known prefix, so dated ids (`gpt-4o-2024-08-06`) find their
 * family. Local providers cost nothing unless a price is configured.
 */
import { z } from 'zod';

export const PriceSchema = z.object({
  inputPerMTok: z.number().min(0).describe('USD per million input (prompt) tokens'),
  outputPerMTok: z.number().min(0).describe('USD per million output tokens, reasoning tokens included'),
});
export type Price = z.infer<typeof PriceSchema>;

/** List prices of hosted models (USD per million tokens) as published by the providers in 2025. */
export const DEFAULT_PRICES: Record<string, Price> = {
  'openai:gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'openai:gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'openai:gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'openai:gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'openai:gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'openai:gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'openai:gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'openai:gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'openai:o1': { inputPerMTok: 15, outputPerMTok: 60 },
  'openai:o1-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'openai:o3': { inputPerMTok: 2, outputPerMTok: 8 },
  'openai:o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'openai:o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'anthropic:claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'anthropic:claude-3-5-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'anthropic:claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'anthropic:claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'anthropic:claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'anthropic:claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
};

/** The price of a model spec: an override for the exact spec, else the longest matching prefix, else null (unpriced). */
export function priceOf(spec: string, overrides: Record<string, Price> = {}): Price | null {
  if (overrides[spec]) return overrides[spec];
  const table = { ...DEFAULT_PRICES, ...overrides };
  let best: string | null = null;
  for (const known of Object.keys(table)) {
    if (spec.startsWith(known) && (best === null || known.length > best.length)) best = known;
  }
  return best === null ? null : table[best]!;
}

/** Cost in USD of the given token counts at a price (zero when unpriced). */
export function costUsd(price: Price | null, tokensIn: number, tokensOut: number): number {
  if (!price) return 0;
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}
