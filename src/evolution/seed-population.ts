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

/** A bare name (gpt, mamba2, …) is a seed of the package's library; anything else is a folder path. */
export function isLibrarySeed(seed: string): boolean {
  return /^[\w-]+$/.test(seed);
}

function seedFolder(seed: string): string {
  return isLibrarySeed(seed) ? join(packageRoot, 'library', seed) : isAbsolute(seed) ? seed : resolve(seed);
}

/**
 * Creates or updates the evolution's config and budgets (spent amounts are kept) and inserts missing
 * seeds, in one transaction after every seed folder has been read: a bad seed stores nothing.
 */
export async function seedPopulation(db: Db, evolution: string, config: EvolutionConfig): Promise<{ seedsAdded: string[] }> {
  const seeds = await Promise.all(config.seeds.map(async (seed) => {
    try {
      return await readDesignFolder(seedFolder(seed));
    } catch (error) {
      throw new InputError(`cannot read seed design ${seed}: ${(error as Error).message}`, { hint: 'seeds are names in the library (gpt, mamba2, retnet, rwkv6, ttt) or design folders' });
    }
  }));
  return db.transaction(async (tx) => {
    await ensureEvolution(tx, { name: evolution, config });
    await setEvolutionConfig(tx, { name: evolution, config });
    const existing = await listBudgets(tx, { evolution });
    for (const { scale, total } of scaleBudgets(config)) {
      const used = existing.find((row) => row.ladder === config.ladder && row.scale === scale)?.used ?? 0;
      if (total < used) throw new InputError(`the ${scale} budget cannot drop to ${total}: ${used} verifications were already spent`);
      await setBudget(tx, { evolution, ladder: config.ladder, scale, total });
    }
    const seedsAdded: string[] = [];
    for (const design of seeds) {
      if (await findDesign(tx, { evolution, name: design.name })) continue;
      const summary = typeof design.metadata.summary === 'string' ? design.metadata.summary : '';
      await insertDesign(tx, { evolution, design: { ...design, parents: [], metadata: { ...design.metadata, family: design.name } }, origin: 'seed', description: summary });
      seedsAdded.push(design.name);
    }
    return { seedsAdded };
  });
}
