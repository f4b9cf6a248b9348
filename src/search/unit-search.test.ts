// Unit search over the seed library and the store's designs, and similar-design detection: a
// mutation of a seed shares unit files with it; a proposal text finds the design it describes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../core/design.js';
import { addProposal, ensureEvolution, insertDesign, migrate, openPgliteDb, type Db } from '../store/index.js';
import { latestProposalTexts, rankSimilarDesigns } from './similar-designs.js';
import { buildUnitCatalog, catalogDesigns, readSeedDesigns, searchUnitCatalog, type UnitCatalog } from './unit-catalog.js';

let db: Db;
let catalog: UnitCatalog;
let gpt: Design;
let gated: Design;

/** gpt with its attention unit rewritten: a sigmoid output gate. */
function gatedVariant(seed: Design): Design {
  const mha = seed.units.MHA!;
  return {
    ...seed,
    name: 'gpt_output_gate',
    units: {
      ...seed.units,
      MHA: { ...mha, code: `${mha.code}\n# gated by sigmoid(W_g X) before the output projection\n`, document: 'Causal attention whose heads are scaled by a sigmoid output gate.' },
    },
  };
}

beforeAll(async () => {
  db = await openPgliteDb();
  await migrate(db);
  await ensureEvolution(db, { name: 'e1' });
  gpt = (await readSeedDesigns()).find((design) => design.name === 'gpt')!;
  gated = gatedVariant(gpt);
  const row = await insertDesign(db, { evolution: 'e1', design: gated, origin: 'mutation', parentIds: [] });
  await addProposal(db, { designId: row.id, version: 1, text: 'Gate every attention head with a sigmoid of the input so heads can switch off.', rating: 4 });
  catalog = buildUnitCatalog(await catalogDesigns({ db }));
});
afterAll(() => db.close());

describe('unit search', () => {
  it('covers every seed and stored design, one document per distinct unit file', () => {
    const seeds = 5;
    expect(catalog.designs).toBe(seeds + 1);
    // The variant shares every unit file with gpt except MHA.
    const files = [...catalog.units.values()];
    expect(files.filter((entry) => entry.places.some((place) => place.design === 'gpt_output_gate'))).toHaveLength(Object.keys(gated.units).length);
  });

  it('finds a unit by what it does and lists every design holding the same file', () => {
    const [hit] = searchUnitCatalog(catalog, 'rotary position embedding', { k: 1 });
    expect(hit).toMatchObject({ unit: 'RotaryPositionalEmbeddings', design: 'gpt', evolution: null, reuseFrom: 'gpt.RotaryPositionalEmbeddings' });
    expect(hit!.places).toContainEqual({ design: 'gpt_output_gate', evolution: 'e1', unit: 'RotaryPositionalEmbeddings' });
    expect(hit!.summary).toMatch(/^Rotary positional embeddings/);
  });

  it('finds a stored design\'s own unit by its docstring', () => {
    const [hit] = searchUnitCatalog(catalog, 'sigmoid output gate', { k: 1 });
    expect(hit).toMatchObject({ unit: 'MHA', design: 'gpt_output_gate', evolution: 'e1' });
  });

  it('finds units by code identifiers, split or whole', () => {
    const [split] = searchUnitCatalog(catalog, 'scaled dot product attention', { k: 1 });
    expect(split!.unit).toBe('MHA');
    expect(split!.codeExcerpt).toContain('scaled_dot_product_attention');
    expect(searchUnitCatalog(catalog, 'RMSNorm', { k: 1 })[0]!.unit).toBe('RMSNorm');
  });
});

describe('similar designs', () => {
  it('puts the parent of a mutation first, with the unit files they share', () => {
    const pool = [{ design: gpt, evolution: null, designId: null }, { design: gated, evolution: 'e1', designId: 'stored' }];
    const candidates = rankSimilarDesigns(pool, { design: gated, exclude: ['gpt_output_gate'] });
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ design: 'gpt', sharedUnits: ['GPT2', 'GatedMLP', 'RMSNorm', 'RotaryPositionalEmbeddings'] });
    expect(candidates[0]!.structure).toBeGreaterThan(0.7);
  });

  it('ranks the seeds and the stored design for a design, most similar first', async () => {
    const hits = rankSimilarDesigns(await catalogDesigns({ db }), { design: gpt, exclude: ['gpt'], k: 5 }, await latestProposalTexts(db));
    expect(hits[0]!.design).toBe('gpt_output_gate');
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((left, right) => right - left));
    expect(hits.every((hit) => hit.score >= 0 && hit.score <= 1)).toBe(true);
  });

  it('finds the design a proposal text describes, using its stored proposal', async () => {
    const hits = rankSimilarDesigns(await catalogDesigns({ db }), { text: 'switch attention heads off with a sigmoid gate on the input', k: 2 }, await latestProposalTexts(db));
    expect(hits[0]).toMatchObject({ design: 'gpt_output_gate', evolution: 'e1', structure: null });
  });

  it('needs a design or a text', () => {
    expect(() => rankSimilarDesigns([], { text: '  ' })).toThrow(/need a design or a text/);
  });
});
