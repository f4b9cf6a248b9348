/**
 * @module The LLM layer: provider registry (`provider:name`), one structured call function with a
 * content-addressed cache in the store, replay, costs, retries, limits and timeouts.
 *
 * @example
 * const llm = createLlmClient({ db, config: { models: { default: 'ollama:qwen2.5-coder:7b' } } });
 * const { value } = await llm.call({ role: 'observer', system, messages, format: { kind: 'json', schema } });
 */
/** The client and its one call function. */
export { createLlmClient, type LlmClient, type LlmCallOptions, type LlmCallResult, type LlmCallRecord, type LlmMessage, type CreateLlmClientOptions } from './client.js';
/** The LLM config section: models per role, per-model settings, call policy. */
export { LlmConfigSchema, ModelSettingsSchema, RoleModelsSchema, LlmRoleSchema, LLM_ROLES, modelForRole, type LlmConfig, type LlmConfigInput, type LlmRole, type RoleModels, type ModelSettings } from './config.js';
/** Model specs and providers. */
export { parseModelSpec, type ModelSpec } from './model-spec.js';
export { BUILT_IN_PROVIDERS, OLLAMA_BASE_URL, providerAccess, providerFactory, resolveModel, type ProviderAccess, type ProviderFactory, type ResolvedModel } from './providers.js';
/** Prices (USD per million tokens) and costs. */
export { DEFAULT_PRICES, PriceSchema, priceOf, costUsd, type Price } from './prices.js';
/** Reply formats. */
export { decodeReply, extractPythonFiles, formatInstructions, type ReplyFormat } from './reply-format.js';
export { cacheKey, canonicalJson } from './cache-key.js';
/** Errors, one class per failure kind. */
export { LlmBudgetError, LlmCallError, LlmConfigError, LlmOutputError, LlmReplayMissError, type LlmCallFailure } from './errors.js';
