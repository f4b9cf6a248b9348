// The literature search of the LLM flow over the real paper library, and the config that turns it on.
import { describe, expect, it } from 'vitest';
import { addToLibrary, createSearchTools } from '../../search/index.js';
import { llmDesignerOptions } from './designer-config.js';
import { literatureSearchFrom } from './literature-search.js';
import { memoryDb } from '../../../test/support/memory-db.js';

const db = memoryDb();

describe('literature search for the agents', () => {
  it('is off while the paper library is empty, and a role without a model is refused up front', async () => {
    const options = await llmDesignerOptions({ db, llm: { models: { default: 'ollama:qwen2.5' } } });
    expect(options.search!.available).toBe(false);
    await expect(llmDesignerOptions({ db, llm: { models: { coder: 'ollama:qwen2.5' } } })).rejects.toThrow(/no model for: proposer, reviewer, planner, observer/);
  });

  it('renders the papers of each query once, as markdown for one prompt turn', async () => {
    await addToLibrary(db, [
      { title: 'Retentive networks: a successor to the Transformer', authors: ['Yutao Sun'], year: 2023, abstract: 'Retention replaces attention with a decaying recurrence that trains in parallel.' },
      { title: 'Gated linear attention transformers with hardware-efficient training', authors: ['Songlin Yang'], year: 2024, abstract: 'Linear attention with data-dependent gates and a chunked parallel form.' },
    ]);
    const search = literatureSearchFrom(createSearchTools({ db }));
    const { text, papers } = await search.search(['decaying recurrence retention', 'linear attention gates']);
    expect(text).toMatch(/## Query: decaying recurrence retention\n\n### Retentive networks/);
    expect(text).toMatch(/## Query: linear attention gates\n\n### Gated linear attention/);
    expect(new Set(papers).size).toBe(papers.length);
    expect((await llmDesignerOptions({ db, llm: { models: { default: 'ollama:qwen2.5' } } })).search!.available).toBe(true);
  });
});
