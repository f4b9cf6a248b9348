/**
 * @module The workspace's config file (`genesys.config.yaml`): written with comments by
 * `genesys init`, read by `genesys evolve`; CLI flags override it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { getLadder } from '../../config/index.js';
import { InputError } from '../../core/errors.js';
import { EvolutionConfigSchema, type EvolutionConfig } from '../../evolution/index.js';

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
  const parsed = EvolutionConfigSchema.partial().safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new InputError(`${path}: ${problems}`, { hint: 'genesys init --force writes a fresh commented config' });
  }
  return { config: parsed.data, source: path };
}

/** The commented YAML that `genesys init` writes: every setting with its default. */
export function configTemplate(ladderName: string): string {
  const defaults = EvolutionConfigSchema.parse({ ladder: ladderName });
  const ladder = getLadder(ladderName);
  const budget = ladder.scales.map((scale) => `  ${scale.name}: ${scale.budget}`).join('\n');
  return `# Genesys-TS evolution settings. \`genesys evolve\` reads this file from the workspace;
# its flags (--budget, --designer, --max-designs, ...) override these values.

# Ladder of scales: cpu-micro (byte-level, minutes on a laptop) or paper (14M-350M, GPUs).
ladder: ${defaults.ladder}

# Seeds every random choice: the same seed and designer give the same lineage.
seed: ${defaults.seed}

# Who designs: library (offline genetic programming over GAU trees), llm (designer agents,
# see docs/llm.md) or direct (one prompt writes the whole block; a baseline).
designer: ${defaults.designer}

# Seed designs: names in the package's library/ or paths to design folders.
seeds: [${defaults.seeds.join(', ')}]

# Verifications each scale may spend. Upper scales are released in proportion to what the
# scale below has spent (with 16 and 4: one promotion per four first-scale verifications).
budget:
${budget}

generation:
  designs: ${defaults.generation.designs}          # new designs asked for per generation
  verifications: ${defaults.generation.verifications}    # verifications started per generation

limits:
  maxDesigns: 0       # stop designing after this many new designs (0: until the budget is spent)
  timeMinutes: 0      # plan no new generation after this many minutes (0: no limit)
  maxCostUsd: 0       # stop designing when LLM calls have cost this much (0: no limit)

selection:
  strategy: quadrant          # quadrant (by fitness and confidence) or random
  exploreProbability: ${defaults.selection.exploreProbability}     # odds of picking from the poor quadrant
  restartProbability: ${defaults.selection.restartProbability}    # odds that a parent is a seed again
  warmupVerified: ${defaults.selection.warmupVerified}        # first parents are seeds until this many designs are ranked (auto: every seed, or a quarter of the first scale's budget; at most 10)
  crossoverAfter: ${defaults.selection.crossoverAfter}          # crossover once this many designs exist
  scratchAfter: ${defaults.selection.scratchAfter}            # scratch designs once this many exist

fitness:
  drawMargin: ${defaults.fitness.drawMargin}         # accuracy differences up to this are draws
  bpbDrawMargin: ${defaults.fitness.bpbDrawMargin}      # held-out bits-per-byte differences up to this are draws
  baselineMargin: ${defaults.fitness.baselineMargin}     # keep a metric where some design beats the untrained baseline by this...
  significance: ${defaults.fitness.significance}          # ...and by this many standard errors

check:
  mode: sandbox       # sandbox (the full functional checker) or static (analysis only)

verify:
  mode: train         # train (the verification engine) or synthetic (a stand-in landscape for tests)
  device: auto        # auto, cpu or cuda
`;
}
