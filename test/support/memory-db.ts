/**
 * A migrated in-memory PGlite database for the tests of one file: opened before them, closed after
 * them (then `after`, e.g. closing the worker pool). Usable as a `Db` right away; queries work from
 * the first hook or test on.
 */
import { afterAll, beforeAll } from 'vitest';
import { migrate, openPgliteDb, type Db } from '../../src/store/index.js';

export function memoryDb(options: { after?: () => Promise<void> } = {}): Db {
  let real: Db | undefined;
  beforeAll(async () => {
    real = await openPgliteDb();
    await migrate(real);
  });
  afterAll(async () => {
    await real?.close();
    await options.after?.();
  });
  return new Proxy({} as Db, {
    get(_, key) {
      if (!real) throw new Error('memoryDb() opens its database in beforeAll');
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
