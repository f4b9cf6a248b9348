/**
 * @module The `--model` flag of the LLM commands (evolve, doctor, bench design): repeatable, a
 * bare spec for every role or `role=spec` for one.
 */
import { Option } from 'commander';
import { InputError } from '../core/errors.js';
import { LLM_ROLES, type RoleModels } from '../llm/index.js';

/** `--model spec` sets every role; `--model coder=spec` one role. */
export function parseModelFlags(values: string[]): RoleModels {
  const models: RoleModels = {};
  for (const value of values) {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (!match) {
      models.default = value;
      continue;
    }
    const role = match[1]!;
    if (role !== 'default' && !(LLM_ROLES as readonly string[]).includes(role)) {
      throw new InputError(`--model ${value}: unknown role ${role}`, { hint: `roles: ${LLM_ROLES.join(', ')}` });
    }
    (models as Record<string, string>)[role] = match[2]!;
  }
  return models;
}

/** The repeatable `--model` option, collecting its values in order. */
export function modelOption(): Option {
  return new Option('--model <spec>', 'provider:name for every role, or role=provider:name (repeatable), e.g. openai:gpt-4o, anthropic:claude-sonnet-4-5, ollama:qwen2.5-coder')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}
