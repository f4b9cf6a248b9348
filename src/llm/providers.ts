/**
 * @module The provider registry: a model spec becomes an AI SDK language model. Keys come only
 * from the environment. `openai-compatible:` serves any OpenAI-compatible server (vLLM,
 * llama.cpp, LM Studio, a proxy) at a configured base URL; `ollama:` is that with Ollama's default URL.
 * More providers (a scripted model in tests, a gateway) are added by passing factories.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelSettings } from './config.js';
import { LlmConfigError } from './errors.js';
import type { ModelSpec } from './model-spec.js';

export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';

export interface ResolvedModel {
  model: LanguageModel;
  /** Where requests go: calls to one endpoint share its concurrency and rate limits. */
  endpoint: string;
}

/** Builds a model for one spec; throws LlmConfigError when a key or URL is missing. */
export type ProviderFactory = (spec: ModelSpec, settings: ModelSettings, env: NodeJS.ProcessEnv) => ResolvedModel;

function requiredKey(env: NodeJS.ProcessEnv, variable: string, spec: ModelSpec): string {
  const key = env[variable];
  if (!key) throw new LlmConfigError(`model ${spec.spec} needs an API key in $${variable}`, { hint: `export ${variable}=…` });
  return key;
}

function compatible(spec: ModelSpec, baseUrl: string, apiKey: string | undefined): ResolvedModel {
  const provider = createOpenAICompatible({ name: spec.provider, baseURL: baseUrl, apiKey, includeUsage: true });
  return { model: provider.chatModel(spec.modelId), endpoint: baseUrl };
}

export const BUILT_IN_PROVIDERS: Record<string, ProviderFactory> = {
  openai: (spec, settings, env) => {
    const apiKey = requiredKey(env, settings.apiKeyEnv ?? 'OPENAI_API_KEY', spec);
    const baseURL = settings.baseUrl ?? env.OPENAI_BASE_URL;
    return { model: createOpenAI({ apiKey, baseURL })(spec.modelId), endpoint: baseURL ?? 'openai' };
  },
  anthropic: (spec, settings, env) => {
    const apiKey = requiredKey(env, settings.apiKeyEnv ?? 'ANTHROPIC_API_KEY', spec);
    const baseURL = settings.baseUrl ?? env.ANTHROPIC_BASE_URL;
    return { model: createAnthropic({ apiKey, baseURL })(spec.modelId), endpoint: baseURL ?? 'anthropic' };
  },
  'openai-compatible': (spec, settings, env) => {
    const baseUrl = settings.baseUrl ?? env.GENESYS_LLM_BASE_URL;
    if (!baseUrl) {
      throw new LlmConfigError(`model ${spec.spec} needs a base URL`, {
        hint: 'set GENESYS_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1) or llm.modelSettings["<spec>"].baseUrl in the config',
      });
    }
    return compatible(spec, baseUrl, env[settings.apiKeyEnv ?? 'GENESYS_LLM_API_KEY']);
  },
  ollama: (spec, settings, env) =>
    compatible(spec, settings.baseUrl ?? env.OLLAMA_BASE_URL ?? OLLAMA_BASE_URL, settings.apiKeyEnv ? env[settings.apiKeyEnv] : undefined),
};

/** Resolves a spec with the built-in providers plus `extra` (which may override a built-in). */
export function resolveModel(options: {
  spec: ModelSpec;
  settings: ModelSettings;
  env: NodeJS.ProcessEnv;
  extra?: Record<string, ProviderFactory>;
}): ResolvedModel {
  const factories = { ...BUILT_IN_PROVIDERS, ...options.extra };
  const factory = factories[options.spec.provider];
  if (!factory) {
    throw new LlmConfigError(`unknown LLM provider "${options.spec.provider}" in ${options.spec.spec}`, {
      hint: `known providers: ${Object.keys(factories).join(', ')}`,
    });
  }
  return factory(options.spec, options.settings, options.env);
}
