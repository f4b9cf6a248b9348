/**
 * @module The `llm` section of an evolution config as the LLM designers read it: the LLM layer's
 * settings (models per role, per-model settings, prices, call policy), replay, the flow's rounds
 * and budgets, and whether to use the paper library for literature search.
 *
 * @example
 * // genesys.config.yaml
 * // llm:
 * //   models: { default: openai:gpt-4o, coder: anthropic:claude-sonnet-4-5 }
 * //   flow: { maxCostUsd: 2 }
 */
import { z } from 'zod';
import { LLM_ROLES, LlmConfigError, LlmConfigSchema, modelForRole, parseModelSpec, providerAccess, providerFactory, type RoleModels } from '../../llm/index.js';
import { createSearchTools, libraryState } from '../../search/index.js';
import type { Db } from '../../store/index.js';
import type { LlmDesignerOptions } from './designer-options.js';
import { FlowConfigSchema } from './flow-config.js';
import { literatureSearchFrom, noLiteratureSearch, type LiteratureSearch } from './literature-search.js';

export const LlmDesignerConfigSchema = LlmConfigSchema.extend({
  replay: z.boolean().default(false).describe('Answer only from the LLM cache of this store'),
  flow: FlowConfigSchema.default(FlowConfigSchema.parse({})).describe('Rounds, thresholds, attempts and cost budgets of the design flow'),
  search: z.enum(['auto', 'off']).default('auto').describe('auto: search the paper library when it holds papers'),
});
export type LlmDesignerConfig = z.infer<typeof LlmDesignerConfigSchema>;

async function literatureSearch(db: Db, mode: 'auto' | 'off'): Promise<LiteratureSearch> {
  if (mode === 'off' || (await libraryState(db)).documents === 0) return noLiteratureSearch();
  return literatureSearchFrom(createSearchTools({ db }));
}

/** Every role has a model; throws LlmConfigError naming the roles without one. */
export function requireRoleModels(models: RoleModels): void {
  const missing = LLM_ROLES.filter((role) => !modelForRole(models, role));
  if (missing.length > 0) {
    throw new LlmConfigError(`the LLM designer has no model for: ${missing.join(', ')}`, {
      hint: 'pass --model provider:name (e.g. openai:gpt-4o or openai-compatible:my-model), or set llm.models.default in the config',
    });
  }
}

/**
 * Checks, before any work, what would fail every call: a role without a model, a model of no
 * known provider, and (unless replaying from the cache, or `env` is null because the calls are
 * made on other machines) a missing key or base URL in `env`.
 */
export function checkLlmDesignerConfig(llm: Record<string, unknown>, env: NodeJS.ProcessEnv | null): void {
  const { models, replay, modelSettings } = LlmDesignerConfigSchema.parse(llm);
  requireRoleModels(models);
  for (const spec of new Set(LLM_ROLES.map((role) => modelForRole(models, role)!))) {
    const parsed = parseModelSpec(spec);
    providerFactory(parsed);
    if (!replay && env) providerAccess(parsed, modelSettings[spec] ?? {}, env);
  }
}

/** Designer options from the config section; every role must have a model (checked here, before any work). */
export async function llmDesignerOptions(context: { db: Db; llm: Record<string, unknown> }): Promise<LlmDesignerOptions> {
  const { models, replay, flow, search, ...llm } = LlmDesignerConfigSchema.parse(context.llm);
  requireRoleModels(models);
  return { db: context.db, models, llm, replay, flow, search: await literatureSearch(context.db, search) };
}
