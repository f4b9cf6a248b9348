/**
 * @module The evolution a command reads, or a clear error naming the ones there are.
 */
import { InputError } from '../../core/errors.js';
import { getEvolution, listEvolutions, type Db, type EvolutionRow } from '../../store/index.js';

export async function requireEvolution(db: Db, name: string): Promise<EvolutionRow> {
  const row = await getEvolution(db, { name });
  if (row) return row;
  const names = (await listEvolutions(db)).map((evolution) => evolution.name);
  throw new InputError(`no evolution named ${name} in this store`, {
    hint: names.length > 0 ? `evolutions: ${names.join(', ')} (pick one with --evolution)` : 'start one with: genesys evolve',
  });
}
