/**
 * @module Which evolution and ladder a view shows when the request does not say: the newest
 * evolution, and its configured ladder, else the ladder most of its verifications used.
 */
import { LADDERS } from '../config/index.js';
import type { Db } from '../store/index.js';
import { getEvolution } from '../store/index.js';
import { NotFoundError } from './http-errors.js';

export interface Scope {
  evolution: string;
  ladder: string;
}

const FALLBACK_LADDER = 'cpu-micro';

async function defaultLadder(db: Db, evolution: string, config: Record<string, unknown>): Promise<string> {
  if (typeof config.ladder === 'string' && config.ladder.length > 0) return config.ladder;
  const { rows } = await db.query(
    'SELECT ladder FROM verifications WHERE evolution = $1 GROUP BY ladder ORDER BY count(*) DESC, ladder LIMIT 1', [evolution]);
  return rows[0] ? String(rows[0].ladder) : FALLBACK_LADDER;
}

/** The evolution and ladder of a request; undefined when the store has no evolution yet (an empty dashboard). */
export async function resolveScope(db: Db, query: { evolution?: string; ladder?: string }): Promise<Scope | undefined> {
  let name = query.evolution;
  if (!name) {
    const { rows } = await db.query('SELECT name FROM evolutions ORDER BY created_at DESC, name LIMIT 1');
    if (!rows[0]) return undefined;
    name = String(rows[0].name);
  }
  const evolution = await getEvolution(db, { name });
  if (!evolution) throw new NotFoundError(`no evolution named ${name}`);
  return { evolution: name, ladder: query.ladder ?? (await defaultLadder(db, name, evolution.config)) };
}

/**
 * Scales from smallest to largest: a preset ladder's own order; otherwise by the median parameter
 * count the verifications measured (custom ladders), then by name.
 */
export function orderScales(ladder: string, scales: { scale: string; params: number | null }[]): string[] {
  const preset = LADDERS[ladder]?.scales.map((scale) => scale.name) ?? [];
  const position = (scale: string) => (preset.includes(scale) ? preset.indexOf(scale) : Number.POSITIVE_INFINITY);
  const size = (params: number | null) => params ?? Number.POSITIVE_INFINITY;
  return [...scales]
    .sort((a, b) => position(a.scale) - position(b.scale) || size(a.params) - size(b.params) || a.scale.localeCompare(b.scale))
    .map(({ scale }) => scale);
}

/** The scales a ladder's verifications reached, smallest first. */
export async function scalesOf(db: Db, scope: Scope): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT scale, percentile_disc(0.5) WITHIN GROUP (ORDER BY params) AS params FROM verifications
     WHERE evolution = $1 AND ladder = $2 GROUP BY scale`, [scope.evolution, scope.ladder]);
  return orderScales(scope.ladder, rows.map((row) => ({ scale: String(row.scale), params: row.params === null ? null : Number(row.params) })));
}
