/**
 * @module The configuration reference (docs/configuration.md), rendered from the schemas the code
 * validates with: the evolution config, the environment variables and the ladder presets.
 */
import { LADDERS, environmentVariables, schemaFields, type SchemaField } from '../../config/index.js';
import { EvolutionConfigSchema } from '../../evolution/index.js';

const GROUPS: Record<string, string> = {
  store: 'Store and nodes',
  python: 'Python and torch',
  dashboard: 'Dashboard',
  llm: 'LLM providers',
  search: 'Literature search',
  data: 'Data',
};

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function defaultText(field: SchemaField): string {
  if (!field.hasDefault) return '–';
  const json = JSON.stringify(field.default);
  return json === '{}' ? '–' : `\`${json}\``;
}

function settingsTable(fields: SchemaField[]): string[] {
  return [
    '| setting | type | default | what it does |',
    '|---|---|---|---|',
    ...fields.map((field) => `| \`${field.path.join('.')}\` | ${cell(field.type)} | ${cell(defaultText(field))} | ${cell(field.description)} |`),
  ];
}

function configSection(): string[] {
  const fields = schemaFields(EvolutionConfigSchema);
  const top = fields.filter((field) => field.path.length === 1 && !field.section);
  const lines = ['## `genesys.config.yaml`', '',
    '`genesys init` writes this file into the workspace with the common settings and their defaults;',
    '`genesys evolve` reads it (or the file given by `--config`), and its flags override it. An',
    'evolution stores the config it started with, so `--resume` and remote nodes use the same',
    'settings. Unknown settings are an error. `genesys config show` prints the settings in effect.', '',
    '### Top level', '', ...settingsTable(top)];
  for (const section of fields.filter((field) => field.section && field.path.length === 1)) {
    const inside = fields.filter((field) => !field.section && field.path.length > 1 && field.path[0] === section.path[0]);
    lines.push('', `### \`${section.path[0]}\``, '', section.description, '', ...settingsTable(inside));
  }
  return lines;
}

function environmentSection(): string[] {
  const variables = environmentVariables();
  const lines = ['## Environment variables', '', 'Flags win over the environment. Keys are read only from the environment, never from files.'];
  for (const [group, title] of Object.entries(GROUPS)) {
    const rows = variables.filter((variable) => variable.group === group);
    lines.push('', `### ${title}`, '', '| variable | what it does |', '|---|---|', ...rows.map((variable) => `| \`${variable.name}\` | ${cell(variable.description)} |`));
  }
  return lines;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 }).format;

function laddersSection(): string[] {
  const lines = ['## Ladders', '', 'The presets `ladder:` names. A scale\'s parameter target is met within ±20% by sizing each design; its token budget is fixed, or a multiple of the parameters.'];
  for (const ladder of Object.values(LADDERS)) {
    lines.push('', `### \`${ladder.name}\``, '', `${ladder.description}. Tokenizer \`${ladder.tokenizer}\`, corpus \`${ladder.corpus}\`${ladder.stairStart ? `; scales from ${ladder.stairStart} up open only after every lower scale has spent its budget` : ''}.`, '',
      '| scale | parameters | training tokens | context | tokens per step | learning rate | budget | timeout |',
      '|---|---|---|---|---|---|---|---|',
      ...ladder.scales.map((scale) => {
        const params = scale.targetParams !== undefined ? compact(scale.targetParams) : `GPT seed at ${scale.reference!.dModel}×${scale.reference!.nBlock}`;
        const tokens = scale.tokens !== undefined ? compact(scale.tokens) : `${scale.tokenMultiplier} × parameters`;
        return `| ${scale.name} | ${params} | ${tokens} | ${scale.seqLen} | ${scale.batchTokens.toLocaleString('en-US')} | ${scale.learningRate} | ${scale.budget} | ${scale.timeoutMinutes} min |`;
      }));
  }
  return lines;
}

/** docs/configuration.md. */
export function configReference(): string {
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from the schemas in src/ by `genesys config reference` (npm run docs:config). Do not edit: a test fails when this file is stale. -->',
    '',
    'Where a setting comes from, strongest first: a command\'s flags, the environment, the config file, the defaults below.',
    '',
    ...configSection(),
    '',
    ...environmentSection(),
    '',
    ...laddersSection(),
    '',
  ].join('\n');
}
