/**
 * @module The workspace's config file (`genesys.config.yaml`): written with comments by
 * `genesys init`, read by `genesys evolve`; CLI flags override it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { getLadder, schemaFields, unknownKeys } from '../../config/index.js';
import { InputError } from '../../core/errors.js';
import { EvolutionConfigSchema, isLibrarySeed, type EvolutionConfig } from '../../evolution/index.js';

export const CONFIG_FILE = 'genesys.config.yaml';

/** The config at `path` (or the workspace's file when present, else the defaults), validated. */
export async function readEvolutionConfig(options: { path?: string; workspace: string }): Promise<{ config: Partial<EvolutionConfig>; source: string | null }> {
  const path = options.path ?? join(options.workspace, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!options.path && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, source: null };
    throw new InputError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (error) {
    throw new InputError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  const unknown = unknownKeys(EvolutionConfigSchema, data);
  if (unknown.length > 0) {
    throw new InputError(`${path}: unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, { hint: 'the settings are listed in docs/configuration.md (or: genesys config reference)' });
  }
  const parsed = EvolutionConfigSchema.partial().safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new InputError(`${path}: ${problems}`, { hint: 'genesys init --force writes a fresh commented config' });
  }
  return { config: relativeToFile(parsed.data, dirname(resolve(path))), source: path };
}

/** Paths in a config file mean what they say from the file's folder, wherever evolve runs. */
function relativeToFile(config: Partial<EvolutionConfig>, folder: string): Partial<EvolutionConfig> {
  const fromFile = (path: string) => (isAbsolute(path) ? path : resolve(folder, path));
  return {
    ...config,
    ...(config.seeds ? { seeds: config.seeds.map((seed) => (isLibrarySeed(seed) ? seed : fromFile(seed))) } : {}),
    ...(config.verify?.dataDir ? { verify: { ...config.verify, dataDir: fromFile(config.verify.dataDir) } } : {}),
  };
}

const HEADER = `# Genesys-TS evolution settings. \`genesys evolve\` reads this file from the workspace; its
# flags (--budget, --designer, --max-designs, ...) override these values. Every setting, the LLM
# designers' included, is listed in docs/configuration.md (or: genesys config reference).
`;

function wrapComment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + 2 + line.length + 1 + word.length > 100) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
}

function yamlValue(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow' }).trimEnd();
}

/**
 * The commented YAML that `genesys init` writes: every setting not marked advanced, with its
 * description and default, rendered from the schema (so it cannot drift from what evolve reads).
 */
export function configTemplate(ladderName: string): string {
  const ladder = getLadder(ladderName);
  const defaults: Record<string, unknown> = { ladder: ladder.name, budget: Object.fromEntries(ladder.scales.map((scale) => [scale.name, scale.budget])) };
  const lines = [HEADER.trimEnd()];
  for (const field of schemaFields(EvolutionConfigSchema)) {
    if (field.advanced) continue;
    const indent = '  '.repeat(field.path.length - 1);
    const key = field.path.at(-1)!;
    if (field.path.length === 1) lines.push('');
    lines.push(...wrapComment(field.description, indent));
    const value = field.path.length === 1 && key in defaults ? defaults[key] : field.default;
    if (field.section) lines.push(`${indent}${key}:`);
    else if (key === 'budget') lines.push(`${indent}${key}:`, ...Object.entries(value as Record<string, number>).map(([scale, count]) => `${indent}  ${scale}: ${count}`));
    else if (field.hasDefault) lines.push(`${indent}${key}: ${yamlValue(value)}`);
    else lines.push(`${indent}# ${key}:`);
  }
  return `${lines.join('\n')}\n`;
}
