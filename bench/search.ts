// Paper-library benchmarks on a synthetic library of 10,000 papers, in PGlite: adding them all (rows
// + index + saved snapshot), building the index alone, loading the saved index in a fresh process,
// adding one paper incrementally, and query latency (index only, and end to end with rows and
// excerpts). Texts follow Zipf's law over English function words (about a third of the tokens, as
// in real abstracts) and 20,000 made-up content words; titles, TL;DRs and abstracts have real
// lengths. A query is 2-8 content words of one paper's abstract, as a researcher describes an idea.
import { migrate, openPgliteDb, type Db } from '../src/store/index.js';
import { addToLibrary, buildPaperIndex, openPaperIndex, PAPER_FIELD_BOOSTS, searchLibrary, type PaperInput } from '../src/search/index.js';

const PAPERS = 10_000;
const QUERIES = 300;
const VOCABULARY = 20_000;

/** A seeded generator, so every run benchmarks the same library. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = mulberry32(2506);
const SYLLABLES = ['lin', 'ear', 'at', 'ten', 'tion', 'state', 'space', 'gat', 'ed', 'rec', 'ur', 'rent', 'con', 'vo', 'lu', 'mix', 'er', 'norm',
  'rot', 'ary', 'pos', 'it', 'ion', 'ker', 'nel', 'sparse', 'dense', 'mem', 'or', 'y', 'scan', 'chunk', 'head', 'ex', 'pert', 'rout', 'ing'];
const FUNCTION_WORDS = 'the of and a to in is we that for with on as by this our are an be which from it can at'.split(' ');
const content = Array.from({ length: VOCABULARY }, (_, index) => {
  let word = '';
  for (let part = 0, value = index + 1; value > 0 || part < 2; part += 1, value = Math.floor(value / SYLLABLES.length)) {
    word += SYLLABLES[value % SYLLABLES.length];
  }
  return word;
});
const words = [...FUNCTION_WORDS, ...content];
// Zipf (s = 1): a few words are everywhere, most are rare, as in real abstracts.
const cumulative = words.map((_, rank) => 1 / (rank + 1));
for (let index = 1; index < cumulative.length; index += 1) cumulative[index]! += cumulative[index - 1]!;
const total = cumulative.at(-1)!;

function word(): string {
  const target = random() * total;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return words[low]!;
}

const phrase = (count: number) => Array.from({ length: count }, word).join(' ');
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

function syntheticPaper(index: number): PaperInput {
  return {
    id: `p${index}`,
    title: phrase(between(6, 14)),
    tldr: `${phrase(between(15, 30))}.`,
    abstract: Array.from({ length: between(5, 9) }, () => `${phrase(between(15, 30))}.`).join(' '),
    authors: Array.from({ length: between(1, 6) }, () => `${phrase(1)} ${phrase(1)}`),
    venue: phrase(2),
    year: between(2010, 2025),
  };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Wall-clock and CPU milliseconds of one call (CPU time is what a shared, busy machine cannot inflate). */
async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchSearch(): Promise<Record<string, number>> {
  const papers = Array.from({ length: PAPERS }, (_, index) => syntheticPaper(index));
  const queries = Array.from({ length: QUERIES }, () => {
    const ideas = papers[Math.floor(random() * PAPERS)]!.abstract!.replace(/\./g, '').split(' ').filter((term) => !FUNCTION_WORDS.includes(term));
    return Array.from({ length: between(2, 8) }, () => ideas[Math.floor(random() * ideas.length)]).join(' ');
  });
  const db: Db = await openPgliteDb();
  try {
    await migrate(db);
    const add = await timed(() => addToLibrary(db, papers));
    const build = await timed(() => buildPaperIndex(papers.map((paper) => ({ ...paper, id: paper.id!, tldr: paper.tldr!, abstract: paper.abstract!, authors: paper.authors as string[], venue: paper.venue!, notes: '' }))));
    const snapshotBytes = Number((await db.query('SELECT length(data)::float8 AS bytes FROM search_indexes')).rows[0]?.bytes);
    // A second handle holds no index in memory, as a fresh process would.
    const load = await timed(() => openPaperIndex({ ...db }));
    const one = await timed(() => addToLibrary(db, [syntheticPaper(PAPERS)]));

    const indexOnly: number[] = [];
    const endToEnd: number[] = [];
    const endToEndCpu: number[] = [];
    for (const query of queries.slice(0, 20)) await searchLibrary(db, query, { k: 10 });
    for (const query of queries) {
      indexOnly.push((await timed(() => build.value.search(query, { boost: PAPER_FIELD_BOOSTS, k: 10 }))).ms);
      const search = await timed(() => searchLibrary(db, query, { k: 10 }));
      endToEnd.push(search.ms);
      endToEndCpu.push(search.cpuMs);
    }
    const figures = {
      addAllSeconds: add.ms / 1000,
      buildIndexSeconds: build.ms / 1000,
      snapshotMegabytes: snapshotBytes / 1e6,
      loadSnapshotSeconds: load.ms / 1000,
      addOnePaperMs: one.ms,
      indexQueryP50Ms: percentile(indexOnly, 0.5),
      indexQueryP95Ms: percentile(indexOnly, 0.95),
      searchP50Ms: percentile(endToEnd, 0.5),
      searchP95Ms: percentile(endToEnd, 0.95),
      searchCpuP50Ms: percentile(endToEndCpu, 0.5),
      searchCpuP95Ms: percentile(endToEndCpu, 0.95),
    };
    const row = (label: string, value: string, target = '') => console.log(`${label.padEnd(52)}${value.padStart(10)}   ${target}`);
    console.log(`\nsearch: synthetic library of ${PAPERS.toLocaleString('en')} papers, ${QUERIES} queries of 2-8 words from an abstract, top 10 (PGlite)`);
    row('add all papers (rows + index + saved snapshot) s', figures.addAllSeconds.toFixed(2));
    row('build the index alone s', figures.buildIndexSeconds.toFixed(2));
    row('saved index size MB', figures.snapshotMegabytes.toFixed(1));
    row('load the saved index (fresh process) s', figures.loadSnapshotSeconds.toFixed(2));
    row('add one paper (incremental update + save) ms', figures.addOnePaperMs.toFixed(0));
    row('query, index only: p50 ms', figures.indexQueryP50Ms.toFixed(2));
    row('query, index only: p95 ms', figures.indexQueryP95Ms.toFixed(2));
    row('search, end to end (rows, excerpts): p50 ms', figures.searchP50Ms.toFixed(2));
    row('search, end to end (rows, excerpts): p95 ms', figures.searchP95Ms.toFixed(2), '< 20');
    row('search, end to end: CPU time p50 ms', figures.searchCpuP50Ms.toFixed(2));
    row('search, end to end: CPU time p95 ms', figures.searchCpuP95Ms.toFixed(2));
    return figures;
  } finally {
    await db.close();
  }
}
