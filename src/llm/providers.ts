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

/** Where a built-in provider's requests go and with which key: what the model and `genesys doctor` use. */
export interface ProviderAccess {
  /** The API base, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey?: string;
  /** The environment variable the key comes from (named in messages; the key itself never is). */
  keyVariable?: string;
  /** How the key is sent: `Authorization: Bearer` or Anthropic's `x-api-key`. */
  auth: 'bearer' | 'anthropic';
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

function requiredKey(env: NodeJS.ProcessEnv, variable: string, spec: ModelSpec): string {
  const key = env[variable];
  if (!key) throw new LlmConfigError(`model ${spec.spec} needs an API key in $${variable}`, { hint: `export ${variable}=…` });
  return key;
}

/** The endpoint and key of a spec of a built-in provider; throws LlmConfigError when a key or URL is missing. */
export function providerAccess(spec: ModelSpec, settings: ModelSettings, env: NodeJS.ProcessEnv): ProviderAccess {
  switch (spec.provider) {
    case 'openai': {
      const keyVariable = settings.apiKeyEnv ?? 'OPENAI_API_KEY';
      return { baseUrl: settings.baseUrl ?? env.OPENAI_BASE_URL ?? OPENAI_BASE_URL, apiKey: requiredKey(env, keyVariable, spec), keyVariable, auth: 'bearer' };
    }
    case 'anthropic': {
      const keyVariable = settings.apiKeyEnv ?? 'ANTHROPIC_API_KEY';
      return { baseUrl: settings.baseUrl ?? env.ANTHROPIC_BASE_URL ?? ANTHROPIC_BASE_URL, apiKey: requiredKey(env, keyVariable, spec), keyVariable, auth: 'anthropic' };
    }
    case 'openai-compatible': {
      const baseUrl = settings.baseUrl ?? env.GENESYS_LLM_BASE_URL;
      if (!baseUrl) {
        throw new LlmConfigError(`model ${spec.spec} needs a base URL`, {
          hint: 'set GENESYS_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1) or llm.modelSettings["<spec>"].baseUrl in the config',
        });
      }
      const keyVariable = settings.apiKeyEnv ?? 'GENESYS_LLM_API_KEY';
      return { baseUrl, apiKey: env[keyVariable], keyVariable, auth: 'bearer' };
    }
    case 'ollama':
      return { baseUrl: settings.baseUrl ?? env.OLLAMA_BASE_URL ?? OLLAMA_BASE_URL, apiKey: settings.apiKeyEnv ? env[settings.apiKeyEnv] : undefined, keyVariable: settings.apiKeyEnv, auth: 'bearer' };
    default:
      throw unknownProvider(spec, Object.keys(BUILT_IN_PROVIDERS));
  }
}

function unknownProvider(spec: ModelSpec, known: string[]): LlmConfigError {
  return new LlmConfigError(`unknown LLM provider "${spec.provider}" in ${spec.spec}`, { hint: `known providers: ${known.join(', ')}` });
}

/** The factory of a spec's provider among `factories`; an unknown provider is an error naming the known ones. */
export function providerFactory(spec: ModelSpec, factories: Record<string, ProviderFactory> = BUILT_IN_PROVIDERS): ProviderFactory {
  const factory = factories[spec.provider];
  if (!factory) throw unknownProvider(spec, Object.keys(factories));
  return factory;
}

function compatible(spec: ModelSpec, access: ProviderAccess): ResolvedModel {
  const provider = createOpenAICompatible({ name: spec.provider, baseURL: access.baseUrl, apiKey: access.apiKey, includeUsage: true });
  return { model: provider.chatModel(spec.modelId), endpoint: access.baseUrl };
}

export const BUILT_IN_PROVIDERS: Record<string, ProviderFactory> = {
  openai: (spec, settings, env) => {
    const { baseUrl, apiKey } = providerAccess(spec, settings, env);
    return { model: createOpenAI({ apiKey, baseURL: baseUrl })(spec.modelId), endpoint: baseUrl };
  },
  anthropic: (spec, settings, env) => {
    const { baseUrl, apiKey } = providerAccess(spec, settings, env);
    return { model: createAnthropic({ apiKey, baseURL: baseUrl })(spec.modelId), endpoint: baseUrl };
  },
  'openai-compatible': (spec, settings, env) => compatible(spec, providerAccess(spec, settings, env)),
  ollama: (spec, settings, env) => compatible(spec, providerAccess(spec, settings, env)),
};

/** Resolves a spec with the built-in providers plus `extra` (which may override a built-in). */
export function resolveModel(options: {
  spec: ModelSpec;
  settings: ModelSettings;
  env: NodeJS.ProcessEnv;
  extra?: Record<string, ProviderFactory>;
}): ResolvedModel {
  return providerFactory(options.spec, { ...BUILT_IN_PROVIDERS, ...options.extra })(options.spec, options.settings, options.env);
}
