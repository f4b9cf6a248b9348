import { describe, expect, it } from 'vitest';
import { memoryDb } from '../../test/support/memory-db.js';
import { getEvolution, listDesigns } from '../store/index.js';
import { EvolutionConfigSchema } from './config.js';
import { seedPopulation } from './seed-population.js';

const db = memoryDb();

describe('seedPopulation', () => {
  it('stores nothing when a seed cannot be read, and every seed once otherwise', async () => {
    const bad = EvolutionConfigSchema.parse({ seeds: ['gpt', '/no/such/design-folder'] });
    await expect(seedPopulation(db, 'bad', bad)).rejects.toThrow(/cannot read seed design \/no\/such\/design-folder/);
    expect(await getEvolution(db, { name: 'bad' })).toBeUndefined();
    expect(await listDesigns(db, { evolution: 'bad' })).toEqual([]);

    const good = EvolutionConfigSchema.parse({ seeds: ['gpt', 'ttt'] });
    expect(await seedPopulation(db, 'good', good)).toEqual({ seedsAdded: ['gpt', 'ttt'] });
    expect(await seedPopulation(db, 'good', good)).toEqual({ seedsAdded: [] });
    expect((await listDesigns(db, { evolution: 'good' })).map((row) => row.name).sort()).toEqual(['gpt', 'ttt']);
  });
});
