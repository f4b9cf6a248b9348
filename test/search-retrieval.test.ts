// Retrieval quality on the original Genesys reference library (297 papers): 50 queries written from
// each paper's key idea, not its title; the intended paper must be in the top 5 for at least 80%.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addToLibrary, parseGenesysLibrary, searchLibrary } from '../src/search/index.js';
import { migrate, openPgliteDb, type Db } from '../src/store/index.js';
import { HAS_REFERENCE, REFERENCE, REPO_ROOT } from './support/paths.js';

const QueriesSchema = z.object({ queries: z.array(z.object({ id: z.string(), query: z.string() })).min(30) });
const { queries } = QueriesSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'search', 'retrieval-queries.json'), 'utf8')));

describe.skipIf(!HAS_REFERENCE)('retrieval quality on the original reference library', () => {
  let db: Db;

  beforeAll(async () => {
    db = await openPgliteDb();
    await migrate(db);
    await addToLibrary(db, parseGenesysLibrary(readFileSync(join(REFERENCE, 'library.jsonl'), 'utf8')));
  });
  afterAll(() => db?.close());

  it('has every intended paper in the library', async () => {
    const { rows } = await db.query('SELECT id FROM papers WHERE id = ANY($1::text[])', [queries.map((query) => query.id)]);
    expect(rows).toHaveLength(new Set(queries.map((query) => query.id)).size);
  });

  it('puts the intended paper in the top 5 for at least 80% of the queries', async () => {
    const ranks: number[] = [];
    for (const { id, query } of queries) {
      const hits = await searchLibrary(db, query, { k: 5 });
      ranks.push(hits.findIndex((hit) => hit.paper.id === id));
    }
    const top5 = ranks.filter((rank) => rank >= 0).length / queries.length;
    const top1 = ranks.filter((rank) => rank === 0).length / queries.length;
    console.log(`retrieval: ${queries.length} queries, top-1 ${(100 * top1).toFixed(0)}%, top-5 ${(100 * top5).toFixed(0)}%`);
    expect(top5).toBeGreaterThanOrEqual(0.8);
  });
});
