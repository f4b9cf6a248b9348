/**
 * @module Options shared by the LLM designers (the full flow and the direct baseline).
 */
import type { AnalyzeUnits } from '../../checker/index.js';
import type { LlmConfigInput, ProviderFactory, RoleModels } from '../../llm/index.js';
import type { Db } from '../../store/index.js';
import type { FlowConfigInput } from './flow-config.js';
import type { LiteratureSearch } from './literature-search.js';
import type { RenameInCode } from './unit-ingest.js';

export interface LlmDesignerOptions {
  /** The store holding the LLM cache and ledger; by default the request's. */
  db?: Db;
  /** One model spec for every role (`openai:gpt-4o`), or one per role. */
  models: string | RoleModels;
  /** The rest of the LLM config: per-model settings, prices, retries, limits. */
  llm?: Omit<LlmConfigInput, 'models'>;
  /** Answer only from the LLM cache (a miss is an error naming the role and key). */
  replay?: boolean;
  flow?: FlowConfigInput;
  /** Budget of one design in USD (overrides flow.maxCostUsd). */
  maxCostUsd?: number;
  /** Budget of all LLM calls of the evolution in USD (overrides flow.maxTotalCostUsd). */
  maxTotalCostUsd?: number;
  search?: LiteratureSearch;
  /** Extra LLM providers (scripted models in tests). */
  providers?: Record<string, ProviderFactory>;
  env?: NodeJS.ProcessEnv;
  /** Static analysis and AST renames; by default the warm worker pool's. */
  analyze?: AnalyzeUnits;
  renameInCode?: RenameInCode;
}

export function roleModels(models: string | RoleModels): RoleModels {
  return typeof models === 'string' ? { default: models } : models;
}
