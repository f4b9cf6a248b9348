/**
 * @module LLM providers: for each model the config names, its key is present and its endpoint
 * answers (the model list, which also tells whether a local server serves the model). Keys are
 * never printed, only the names of the variables holding them.
 */
import { z } from 'zod';
import { environmentVariables } from '../config/index.js';
import { LLM_ROLES, modelForRole, parseModelSpec, providerAccess, type ModelSettings, type ProviderAccess, type RoleModels } from '../llm/index.js';
import type { DoctorCheck } from './report.js';

const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
const REQUEST_TIMEOUT_MS = 5000;
const KEY_VARIABLES = environmentVariables().filter((variable) => variable.group === 'llm' && variable.name.endsWith('_API_KEY')).map((variable) => variable.name);

async function probeEndpoint(access: ProviderAccess, modelId: string): Promise<{ status: 'ok' | 'warn' | 'fail'; summary: string; fix?: string }> {
  const headers: Record<string, string> = access.auth === 'anthropic'
    ? { 'x-api-key': access.apiKey ?? '', 'anthropic-version': '2023-06-01' }
    : access.apiKey ? { authorization: `Bearer ${access.apiKey}` } : {};
  const url = `${access.baseUrl.replace(/\/+$/, '')}/models`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 'fail', summary: `${access.baseUrl} unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`, fix: 'start the server, or check the base URL and the network (genesys evolve --replay works offline from the cache)' };
  }
  if (response.status === 401 || response.status === 403) {
    return { status: 'fail', summary: `${access.baseUrl} refused the key (HTTP ${response.status})`, fix: access.keyVariable ? `check $${access.keyVariable}` : 'the server wants a key: set llm.modelSettings["<spec>"].apiKeyEnv' };
  }
  const listed = ModelListSchema.safeParse(await response.json().catch(() => null));
  if (response.ok && listed.success && listed.data.data.length > 0 && !listed.data.data.some((model) => model.id === modelId)) {
    const names = listed.data.data.slice(0, 8).map((model) => model.id).join(', ');
    return { status: 'warn', summary: `${access.baseUrl} answers but does not list ${modelId} (it serves: ${names})`, fix: 'pull or serve that model, or name one the server lists' };
  }
  return { status: 'ok', summary: `${access.baseUrl} answers (HTTP ${response.status})` };
}

/** One check per model the designer would call; a skip when the designer needs none. */
export async function llmChecks(options: {
  designer: string;
  models: RoleModels;
  modelSettings: Record<string, ModelSettings>;
  env: NodeJS.ProcessEnv;
}): Promise<DoctorCheck[]> {
  const keys = KEY_VARIABLES.filter((name) => options.env[name]);
  const keysPresent = keys.length > 0 ? `keys present: ${keys.join(', ')}` : 'no provider keys in the environment';
  const specs = [...new Set(LLM_ROLES.map((role) => modelForRole(options.models, role)).filter((spec): spec is string => spec !== undefined))];
  const needed = options.designer === 'llm' || options.designer === 'direct';
  if (specs.length === 0) {
    return needed
      ? [{ id: 'llm', status: 'fail', required: true, summary: `designer ${options.designer} has no model (${keysPresent})`, fix: 'pass --model provider:name (e.g. openai:gpt-4o-mini, ollama:qwen2.5-coder), or set llm.models.default in genesys.config.yaml' }]
      : [{ id: 'llm', status: 'skip', required: false, summary: `designer ${options.designer} needs no LLM (${keysPresent})`, details: { keys } }];
  }
  return Promise.all(specs.map(async (text): Promise<DoctorCheck> => {
    const roles = LLM_ROLES.filter((role) => modelForRole(options.models, role) === text);
    const base = { id: 'llm', required: needed, details: { model: text, roles } };
    try {
      const spec = parseModelSpec(text);
      const access = providerAccess(spec, options.modelSettings[text] ?? {}, options.env);
      const key = access.keyVariable ? (access.apiKey ? `key from $${access.keyVariable}` : `no key ($${access.keyVariable} unset)`) : 'no key';
      const endpoint = await probeEndpoint(access, spec.modelId);
      return { ...base, status: endpoint.status, summary: `${text} (${roles.join(', ')}): ${key}; ${endpoint.summary}`, fix: endpoint.fix };
    } catch (error) {
      return { ...base, status: 'fail', summary: `${text}: ${(error as Error).message}`, fix: (error as { hint?: string }).hint };
    }
  }));
}
