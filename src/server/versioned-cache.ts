/**
 * @module Answers that are costly to compute from the whole population (the ranking, the tree),
 * kept per store and key until the population's version changes: a cheap query over counts and
 * update times of designs, edges, verifications and baselines.
 */
import type { Db } from '../store/index.js';
import type { Scope } from './scope.js';

/** Changes whenever a design, parent edge, verification or baseline of the scope is added or updated. */
export async function populationVersion(db: Db, scope: Scope): Promise<string> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM designs WHERE evolution = $1) AS designs,
       (SELECT count(*) FROM design_parents p JOIN designs d ON d.id = p.design_id WHERE d.evolution = $1) AS edges,
       (SELECT count(*) || ':' || coalesce(sum(extract(epoch FROM updated_at)), 0) FROM verifications WHERE evolution = $1) AS verifications,
       (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM baselines WHERE ladder = $2) AS baselines`,
    [scope.evolution, scope.ladder]);
  return JSON.stringify(rows[0]);
}

export interface VersionedCache<Value> {
  get(db: Db, scope: Scope, compute: () => Promise<Value>): Promise<Value>;
}

export function createVersionedCache<Value>(): VersionedCache<Value> {
  const entries = new WeakMap<Db, Map<string, { version: string; value: Promise<Value> }>>();
  return {
    async get(db, scope, compute) {
      const version = await populationVersion(db, scope);
      const key = `${scope.evolution}\u0000${scope.ladder}`;
      const byKey = entries.get(db) ?? new Map();
      entries.set(db, byKey);
      const hit = byKey.get(key);
      if (hit?.version === version) return hit.value;
      const value = compute();
      byKey.set(key, { version, value });
      // A failed computation is not remembered.
      value.catch(() => {
        if (byKey.get(key)?.value === value) byKey.delete(key);
      });
      return value;
    },
  };
}
