/**
 * The configuration reference and the starter config are rendered from the schemas: the committed
 * docs/configuration.md must be current, every setting must be described, every environment
 * variable the code reads must be listed, and the starter config must read back as the defaults.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configReference } from '../src/cli/config/config-reference.js';
import { configTemplate, readEvolutionConfig } from '../src/cli/evolve/config-file.js';
import { EnvironmentSchema, LADDERS, schemaFields } from '../src/config/index.js';
import { EvolutionConfigSchema } from '../src/evolution/index.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'genesys-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Set by the system or by torchrun for the processes it starts, not by users of Genesys-TS.
const NOT_OURS = new Set(['PATH', 'HOME', 'PYTHONPATH', 'PYTHONDONTWRITEBYTECODE', 'OMP_NUM_THREADS', 'LOCAL_RANK', 'RANK', 'WORLD_SIZE', 'LOCAL_WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__pycache__' ? [] : sourceFiles(path);
    return /\.(ts|py)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('configuration reference', () => {
  it('is current: docs/configuration.md is what the schemas render (npm run docs:config rewrites it)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(committed === configReference(), 'docs/configuration.md is stale: run `npm run docs:config`').toBe(true);
  });

  it('describes every setting of the config file', () => {
    const undescribed = schemaFields(EvolutionConfigSchema).filter((field) => field.description.trim() === '').map((field) => field.path.join('.'));
    expect(undescribed).toEqual([]);
  });

  it('lists every environment variable the code reads', () => {
    const read = new Set<string>();
    const patterns = [/process\.env\.([A-Z][A-Z0-9_]+)/g, /\benv\.([A-Z][A-Z0-9_]+)/g, /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, /environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']/g, /\?\? '([A-Z][A-Z0-9_]+_(?:KEY|TOKEN))'/g];
    for (const file of [...sourceFiles(join(REPO_ROOT, 'src')), ...sourceFiles(join(REPO_ROOT, 'python', 'genesys_rt'))]) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const match of text.matchAll(pattern)) read.add(match[1]!);
    }
    const listed = new Set(Object.keys(EnvironmentSchema.shape));
    expect([...read].filter((name) => !listed.has(name) && !NOT_OURS.has(name)).sort()).toEqual([]);
    expect(read.has('GENESYS_DB') && read.has('OPENAI_API_KEY') && read.has('GENESYS_PYTHON'), 'the scan finds the variables it should').toBe(true);
  });

  it('renders the ladder tables from the presets', () => {
    const reference = configReference();
    for (const ladder of Object.values(LADDERS)) for (const scale of ladder.scales) expect(reference).toContain(`| ${scale.name} |`);
  });
});

describe('the starter config that genesys init writes', () => {
  it.each(Object.keys(LADDERS))('reads back as the defaults of ladder %s, every common setting commented', (ladder) => {
    const template = configTemplate(ladder);
    const budget = Object.fromEntries(LADDERS[ladder]!.scales.map((scale) => [scale.name, scale.budget]));
    expect(EvolutionConfigSchema.parse(parse(template))).toEqual(EvolutionConfigSchema.parse({ ladder, budget }));
    for (const field of schemaFields(EvolutionConfigSchema).filter((candidate) => !candidate.advanced)) {
      expect(template, field.path.join('.')).toMatch(new RegExp(`^ *(# )?${field.path.at(-1)}:`, 'm'));
    }
  });

  it('refuses unknown settings with their path, so a typo is not silently ignored', async () => {
    const path = join(scratch, 'typo.yaml');
    writeFileSync(path, 'generation:\n  desings: 3\nllm:\n  models: { default: ollama:qwen }\n  flow: { maxCostUSD: 2 }\n');
    await expect(readEvolutionConfig({ path, workspace: scratch })).rejects.toThrow(/unknown settings generation\.desings, llm\.flow\.maxCostUSD/);
    writeFileSync(path, 'llm:\n  models: { default: ollama:qwen }\n  modelSettings: { "ollama:qwen": { baseUrl: "http://127.0.0.1:11434/v1" } }\n');
    await expect(readEvolutionConfig({ path, workspace: scratch })).resolves.toMatchObject({ config: { llm: { models: { default: 'ollama:qwen' } } } });
  });

  it('genesys config show prints the settings in effect; a budget for a scale of another ladder is refused', () => {
    writeFileSync(join(scratch, 'genesys.config.yaml'), 'seed: 7\nbudget: { micro-1: 3 }\n');
    const show = runCli(['config', 'show', '--workspace', scratch, '--json']);
    expect(show.status, show.stderr).toBe(0);
    const shown = JSON.parse(show.stdout) as { source: string; config: { seed: number; budget: Record<string, number>; ladder: string } };
    expect(shown.config).toMatchObject({ seed: 7, budget: { 'micro-1': 3 }, ladder: 'cpu-micro' });
    writeFileSync(join(scratch, 'genesys.config.yaml'), 'ladder: paper\nbudget: { micro-1: 3 }\n');
    const evolve = runCli(['evolve', '--workspace', scratch, '--verify', 'synthetic', '--check', 'static']);
    expect(evolve.status).not.toBe(0);
    expect(evolve.stderr).toMatch(/budget names micro-1, not a scale of ladder paper/);
  });
});

describe('the example configs', () => {
  it.each(['cpu-micro', 'paper'])('examples/%s.yaml is a valid config of its ladder', async (ladder) => {
    const { config } = await readEvolutionConfig({ path: join(REPO_ROOT, 'examples', `${ladder}.yaml`), workspace: scratch });
    const parsed = EvolutionConfigSchema.parse(config);
    expect(parsed.ladder).toBe(ladder);
    const scales = LADDERS[ladder]!.scales.map((scale) => scale.name);
    expect(Object.keys(parsed.budget).every((scale) => scales.includes(scale))).toBe(true);
  });
});

describe('paths in a config file', () => {
  it('are resolved from the file\'s folder; library names stay names', async () => {
    const folder = join(scratch, 'nested', 'config');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'genesys.config.yaml');
    writeFileSync(path, 'seeds: [gpt, ../my-design, /abs/design]\nverify:\n  dataDir: data/brown-byte\n');
    const { config } = await readEvolutionConfig({ path, workspace: scratch });
    expect(config.seeds).toEqual(['gpt', join(scratch, 'nested', 'my-design'), '/abs/design']);
    expect(config.verify?.dataDir).toBe(join(folder, 'data', 'brown-byte'));
  });
});
