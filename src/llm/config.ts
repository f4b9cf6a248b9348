/**
 * @module The LLM section of the config: which model plays each role, per-model settings
 * (base URL, key variable, price, streaming), and the call policy (timeouts, retries, limits).
 * Keys are never part of the config: only the names of the environment variables holding them.
 */
import { z } from 'zod';
import { PriceSchema } from './prices.js';

/** The agents of the design flow; each can have its own model. */
export const LLM_ROLES = ['proposer', 'reviewer', 'planner', 'coder', 'observer'] as const;
export const LlmRoleSchema = z.enum(LLM_ROLES);
export type LlmRole = z.infer<typeof LlmRoleSchema>;

export const ModelSettingsSchema = z.object({
  baseUrl: z.string().url().optional().describe('OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (openai-compatible and ollama models)'),
  apiKeyEnv: z.string().optional().describe('Name of the environment variable holding the key (default per provider)'),
  price: PriceSchema.optional().describe('Overrides the price table for this model'),
  temperature: z.number().min(0).max(2).optional().describe('Overrides llm.temperature for this model'),
  maxOutputTokens: z.number().int().positive().optional().describe('Overrides llm.maxOutputTokens for this model'),
  stream: z.boolean().optional().describe('Stream the reply (server-sent events) instead of one response; for slow local servers'),
  timeoutMs: z.number().int().positive().optional().describe('Overrides llm.timeoutMs for this model'),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;

export const RoleModelsSchema = z.object({
  default: z.string().optional().describe('Model of every role not named below (provider:name)'),
  proposer: z.string().optional().describe('Writes the proposal (with literature search)'),
  reviewer: z.string().optional().describe('Rates the proposal 1-5 and says what to fix'),
  planner: z.string().optional().describe('Splits an accepted proposal into units'),
  coder: z.string().optional().describe('Writes each unit, fixing it from the checker\'s report'),
  observer: z.string().optional().describe('Rates each unit that passes the checker'),
});
export type RoleModels = z.infer<typeof RoleModelsSchema>;

export const LlmConfigSchema = z.object({
  models: RoleModelsSchema.default({}).describe('The model of each role, as provider:name (openai:, anthropic:, openai-compatible:, ollama:)'),
  modelSettings: z.record(z.string(), ModelSettingsSchema).default({}).describe('Per model spec (provider:name)'),
  prices: z.record(z.string(), PriceSchema).default({}).describe('Price overrides by model spec or spec prefix (USD per million tokens)'),
  temperature: z.number().min(0).max(2).default(0.3).describe('Sampling temperature of every call'),
  maxOutputTokens: z.number().int().positive().default(8192).describe('Longest reply of a call, in tokens'),
  timeoutMs: z.number().int().positive().default(300_000).describe('Per provider request; reasoning models can take minutes'),
  maxRetries: z.number().int().min(0).default(4).describe('Retries of a transient failure (429, 5xx, timeout, connection reset)'),
  retryBaseDelayMs: z.number().int().min(0).default(1000).describe('First backoff; doubles per retry, with jitter'),
  retryMaxDelayMs: z.number().int().min(0).default(60_000).describe('Longest wait, Retry-After included'),
  concurrency: z.number().int().positive().default(4).describe('Calls in flight per provider endpoint'),
  requestsPerMinute: z.number().positive().nullable().default(null).describe('Rate limit per provider endpoint; null for none'),
  maxReasks: z.number().int().min(0).default(2).describe('Re-asks of a reply that fails validation, with the error shown to the model'),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;
export type LlmConfigInput = z.input<typeof LlmConfigSchema>;

/** The model of each role: the per-role entry, else `default`; a role left without a model is an error at its first call. */
export function modelForRole(models: RoleModels, role: string): string | undefined {
  return (models as Record<string, string | undefined>)[role] ?? models.default;
}
