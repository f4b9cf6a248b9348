/**
 * @module Model specs: `provider:name`, e.g. `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`,
 * `openai-compatible:qwen2.5-coder` (a server at a configured base URL), `ollama:llama3.1`.
 */
import { LlmConfigError } from './errors.js';

export interface ModelSpec {
  /** The spec as written, the key of per-model settings and of the cache. */
  spec: string;
  provider: string;
  /** The provider's model id (may itself contain colons, like `ollama:qwen2.5:7b`). */
  modelId: string;
}

/** Splits `provider:name` at the first colon; a spec without one is refused with an example. */
export function parseModelSpec(spec: string): ModelSpec {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new LlmConfigError(`model "${spec}" is not of the form provider:name`, {
      hint: 'for example openai:gpt-4o, anthropic:claude-sonnet-4-5, openai-compatible:my-model, ollama:llama3.1',
    });
  }
  return { spec, provider: spec.slice(0, colon), modelId: spec.slice(colon + 1) };
}
