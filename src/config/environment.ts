/**
 * @module The environment variables Genesys-TS reads, in one documented list: the configuration
 * reference is rendered from it, `genesys doctor` reports from it, and a test fails when the code
 * reads a variable that is not listed here.
 */
import { z } from 'zod';

const variable = (group: string, description: string) => z.string().optional().describe(description).meta({ group });

export const EnvironmentSchema = z.object({
  GENESYS_WORKSPACE: variable('store', 'Workspace folder: the PGlite store, prepared data, run folders (default .genesys; --workspace wins)'),
  GENESYS_DB: variable('store', 'postgres:// URL of a shared PostgreSQL database; unset means PGlite in the workspace (--db wins)'),
  GENESYS_ARTIFACTS: variable('store', 'Content-addressed artifact folder, e.g. on a filesystem every node mounts (default <workspace>/artifacts)'),
  GENESYS_NODE_ID: variable('store', 'Id of a `genesys node` (default <hostname>-<random>; --id wins)'),
  GENESYS_PYTHON: variable('python', 'Python interpreter with torch (default: the first of python3, /usr/bin/python3, /usr/local/bin/python3, python that imports torch)'),
  GENESYS_TORCH_THREADS: variable('python', 'Torch threads of each design or training process (default: every core, or a share of them when several runs share a CPU machine)'),
  GENESYS_TOKEN: variable('dashboard', 'Token the dashboard requires when it binds a non-loopback address (--token wins)'),
  OPENAI_API_KEY: variable('llm', 'Key of openai: models'),
  OPENAI_BASE_URL: variable('llm', 'Another endpoint for openai: models (a proxy or gateway)'),
  ANTHROPIC_API_KEY: variable('llm', 'Key of anthropic: models'),
  ANTHROPIC_BASE_URL: variable('llm', 'Another endpoint for anthropic: models'),
  GENESYS_LLM_BASE_URL: variable('llm', 'Endpoint of openai-compatible: models, e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp, LM Studio)'),
  GENESYS_LLM_API_KEY: variable('llm', 'Key of openai-compatible: models, when the server wants one'),
  OLLAMA_BASE_URL: variable('llm', 'Endpoint of ollama: models (default http://127.0.0.1:11434/v1)'),
  S2_API_KEY: variable('search', 'Semantic Scholar API key: a higher rate limit for `genesys library search --online s2`'),
  GENESYS_S2_API: variable('search', 'Semantic Scholar API base (default https://api.semanticscholar.org; tests point it at a local server)'),
  GENESYS_ARXIV_API: variable('search', 'arXiv API base (default https://export.arxiv.org/api)'),
  HF_TOKEN: variable('data', 'Hugging Face token for gated or private datasets (`genesys data prepare --corpus hf:…`)'),
  GENESYS_HF_ENDPOINT: variable('data', 'Hugging Face Hub base URL (default https://huggingface.co; a mirror)'),
  GENESYS_EXTRA_OPS: variable('python', 'Extra Python modules of worker ops, comma-separated import paths (extensions and tests)'),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export interface EnvironmentVariable {
  name: keyof Environment;
  group: string;
  description: string;
}

/** The variables in declaration order, with their group and description. */
export function environmentVariables(): EnvironmentVariable[] {
  return Object.entries(EnvironmentSchema.shape).map(([name, schema]) => {
    const meta = schema.meta() as { group: string; description: string };
    return { name: name as keyof Environment, group: meta.group, description: meta.description };
  });
}
