/**
 * @module Starting an evolution: its config, its budgets, and its seed designs (the library's, or
 * folders the config names), each stored once — running it again changes nothing.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { readDesignFolder } from '../core/design-folder.js';
import { InputError } from '../core/errors.js';
import { packageRoot } from '../runtime/index.js';
import { ensureEvolution, findDesign, insertDesign, listBudgets, setBudget, setEvolutionConfig, type Db } from '../store/index.js';
import { scaleBudgets, type EvolutionConfig } from './config.js';

function seedFolder(seed: string): string {
  return /^[\w-]+$/.test(seed) ? join(packageRoot, 'library', seed) : isAbsolute(seed) ? seed : resolve(seed);
}

/** Creates or updates the evolution's config and budgets (spent amounts are kept) and inserts missing seeds. */
export async function seedPopulation(db: Db, evolution: string, config: EvolutionConfig): Promise<{ seedsAdded: string[] }> {
  await ensureEvolution(db, { name: evolution, config });
  await setEvolutionConfig(db, { name: evolution, config });
  const existing = await listBudgets(db, { evolution });
  for (const { scale, total } of scaleBudgets(config)) {
    const used = existing.find((row) => row.ladder === config.ladder && row.scale === scale)?.used ?? 0;
    if (total < used) throw new InputError(`the ${scale} budget cannot drop to ${total}: ${used} verifications were already spent`);
    await setBudget(db, { evolution, ladder: config.ladder, scale, total });
  }
  const seedsAdded: string[] = [];
  for (const seed of config.seeds) {
    let design;
    try {
      design = await readDesignFolder(seedFolder(seed));
    } catch (error) {
      throw new InputError(`cannot read seed design ${seed}: ${(error as Error).message}`, { hint: 'seeds are names in the library (gpt, mamba2, retnet, rwkv6, ttt) or design folders' });
    }
    if (await findDesign(db, { evolution, name: design.name })) continue;
    const summary = typeof design.metadata.summary === 'string' ? design.metadata.summary : '';
    await insertDesign(db, { evolution, design: { ...design, parents: [], metadata: { ...design.metadata, family: design.name } }, origin: 'seed', description: summary });
    seedsAdded.push(design.name);
  }
  return { seedsAdded };
}
