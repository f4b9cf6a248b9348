/**
 * @module `genesys library`: the paper library. `add` (JSONL, BibTeX, the original's library.jsonl,
 * arxiv:<id>, s2:<id>), `import-genesys`, `search` (BM25 over the library, optionally arXiv and
 * Semantic Scholar too, whose hits `--add` keeps), `list` and `show`.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import {
  addToLibrary, createOnlineSources, describeMatches, getPaper, libraryState, listPapers, OnlineSourceSchema, PaperFileFormatSchema,
  readLibrarySource, searchLibrary, searchOnline, titleKey, type AddPapersResult, type OnlineSearchResult, type OnlineSource, type PaperHit, type PaperRow,
} from '../../search/index.js';
import { openStore, type Db } from '../../store/index.js';

const StoreFlagsSchema = z.object({ db: z.string().optional(), workspace: z.string().optional(), json: z.boolean().default(false) });
const AddFlagsSchema = StoreFlagsSchema.extend({ format: z.union([PaperFileFormatSchema, z.literal('auto')]).default('auto') });
const OnlineFlagSchema = z.union([z.literal(true), z.string()]).optional().transform((value): OnlineSource[] => {
  if (value === undefined) return [];
  if (value === true) return ['arxiv', 'semantic-scholar'];
  return value.split(',').map((name) => OnlineSourceSchema.parse(name.trim() === 's2' ? 'semantic-scholar' : name.trim()));
});
const SearchFlagsSchema = StoreFlagsSchema.extend({
  k: z.coerce.number().int().min(1).max(100).default(10),
  online: OnlineFlagSchema,
  add: z.boolean().default(false),
});
const ListFlagsSchema = StoreFlagsSchema.extend({ limit: z.coerce.number().int().min(1).optional() });

function storeOptions(command: Command): Command {
  return command
    .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
    .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
    .option('--json', 'print one JSON document to stdout');
}

async function withStore<T>(flags: { db?: string; workspace?: string }, create: boolean, run: (db: Db) => Promise<T>): Promise<T> {
  const store = await openStore({ workspace: flags.workspace, db: flags.db, create });
  try {
    return await run(store.db);
  } finally {
    await store.close();
  }
}

/** Reads every source first (a bad one adds nothing), then adds all papers in one transaction. */
export async function addLibrarySources(db: Db, sources: string[], format: z.infer<typeof AddFlagsSchema>['format']): Promise<AddPapersResult & { documents: number }> {
  let clients: ReturnType<typeof createOnlineSources> | undefined;
  const papers = [];
  for (const source of sources) papers.push(...(await readLibrarySource(source, { format, clients: () => (clients ??= createOnlineSources({ db })) })));
  if (papers.length === 0) throw new InputError(`no papers in ${sources.join(', ')}`);
  return addToLibrary(db, papers);
}

function renderAdded(result: AddPapersResult & { documents: number }, sources: string[]): string {
  return `added ${result.added.length}, updated ${result.updated.length}, unchanged ${result.unchanged.length} paper(s) from ${sources.join(', ')}; the library has ${result.documents}`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function byline(paper: Pick<PaperRow, 'authors' | 'year' | 'venue'>): string {
  const authors = paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ');
  return [authors || 'unknown authors', paper.year ?? 'n.d.', paper.venue].filter(Boolean).join(' · ');
}

/** The human rendering of a search, written to stderr. */
export function renderSearch(hits: PaperHit[], online?: OnlineSearchResult & { added?: string[] }): string {
  const lines = hits.length === 0 ? ['no papers in the library match'] : [];
  hits.forEach((hit, index) => {
    lines.push(`${String(index + 1).padStart(2)}. [${hit.paper.id}] ${hit.paper.title}  (score ${hit.score.toFixed(1)})`);
    lines.push(`    ${byline(hit.paper)}`);
    lines.push(`    ${describeMatches(hit.matches)}`);
    if (hit.excerpt) lines.push(`    “${clip(hit.excerpt, 240)}”`);
  });
  if (online) {
    lines.push('', `online: ${online.papers.length} paper(s) not in the library${online.added ? `, added as ${online.added.join(', ')}` : ' (add them with --add)'}`);
    online.papers.forEach((paper, index) => {
      lines.push(`${String(index + 1).padStart(2)}. ${paper.title}  [${paper.foundIn}${paper.arxivId ? ` arxiv:${paper.arxivId}` : ''}]`);
      lines.push(`    ${byline(paper)}`);
    });
    for (const problem of online.problems) lines.push(`warning: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`);
  }
  return lines.join('\n');
}

/** Library hits, and with `online` the external hits that are not in the library yet (kept when `add`). */
export async function collectSearch(db: Db, query: string, flags: { k: number; online: OnlineSource[]; add: boolean }): Promise<{ hits: PaperHit[]; online?: OnlineSearchResult & { added?: string[] } }> {
  const { documents } = await libraryState(db);
  const hits = documents > 0 ? await searchLibrary(db, query, { k: flags.k }) : [];
  if (flags.online.length === 0) {
    if (documents === 0) throw new InputError('the paper library is empty', { hint: 'add papers with `genesys library add <file.jsonl|file.bib|arxiv:ID>`, or search with --online' });
    return { hits };
  }
  const found = await searchOnline({ query, k: flags.k, sources: flags.online, clients: createOnlineSources({ db }) });
  const known = new Set(hits.map((hit) => titleKey(hit.paper.title)));
  const fresh = found.papers.filter((paper) => !known.has(titleKey(paper.title)));
  const online = { papers: fresh, problems: found.problems };
  if (!flags.add || fresh.length === 0) return { hits, online };
  const result = await addToLibrary(db, fresh.map(({ foundIn: _source, ...paper }) => paper));
  return { hits, online: { ...online, added: result.ids } };
}

const addCommand = storeOptions(new Command('add'))
  .description('add papers: JSONL files (one paper per line), BibTeX files, the original Genesys library.jsonl, arxiv:<id> or s2:<id> (the workspace is created when missing)')
  .argument('<sources...>', 'files or external ids')
  .option('--format <format>', 'auto, jsonl, bibtex or genesys', 'auto')
  .action(async (sources: string[], rawFlags: Record<string, unknown>) => {
    const flags = AddFlagsSchema.parse(rawFlags);
    const result = await withStore(flags, true, (db) => addLibrarySources(db, sources, flags.format));
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else console.error(renderAdded(result, sources));
  });

const importGenesysCommand = storeOptions(new Command('import-genesys'))
  .description('add the original Genesys reference library (library.jsonl: one model/library/tree/<acronym>.json per line)')
  .argument('<file>', 'library.jsonl')
  .action(async (file: string, rawFlags: Record<string, unknown>) => {
    const flags = StoreFlagsSchema.parse(rawFlags);
    const result = await withStore(flags, true, (db) => addLibrarySources(db, [file], 'genesys'));
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else console.error(renderAdded(result, [file]));
  });

const searchCommand = storeOptions(new Command('search'))
  .description('search the library (BM25; a word in a title counts most, then TL;DR, abstract, authors and venue)')
  .argument('<query...>', 'what to look for, e.g. "linear attention with data-dependent gates"')
  .option('--k <n>', 'how many papers', '10')
  .option('--online [sources]', 'also search arxiv and/or s2 (comma-separated; both when no value)')
  .option('--add', 'add the online hits to the library')
  .action(async (words: string[], rawFlags: Record<string, unknown>) => {
    const flags = SearchFlagsSchema.parse(rawFlags);
    const query = words.join(' ');
    // Online searches cache their replies in the store, so they may create the workspace.
    const result = await withStore(flags, flags.add || flags.online.length > 0, (db) => collectSearch(db, query, flags));
    if (flags.json) process.stdout.write(`${JSON.stringify({ query, ...result }, null, 2)}\n`);
    else console.error(renderSearch(result.hits, result.online));
  });

const listCommand = storeOptions(new Command('list'))
  .description('list the papers of the library (by id)')
  .option('--limit <n>', 'at most this many')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = ListFlagsSchema.parse(rawFlags);
    const papers = await withStore(flags, false, (db) => listPapers(db, { limit: flags.limit }));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ papers }, null, 2)}\n`);
      return;
    }
    const width = Math.max(2, ...papers.map((paper) => paper.id.length));
    console.error(papers.length === 0 ? 'the paper library is empty' : papers.map((paper) => `${paper.id.padEnd(width)}  ${String(paper.year ?? '').padEnd(4)}  ${clip(paper.title, 90)}`).join('\n'));
  });

const showCommand = storeOptions(new Command('show'))
  .description('show one paper of the library')
  .argument('<id>', 'paper id')
  .action(async (id: string, rawFlags: Record<string, unknown>) => {
    const flags = StoreFlagsSchema.parse(rawFlags);
    const paper = await withStore(flags, false, (db) => getPaper(db, { id }));
    if (!paper) throw new InputError(`the library has no paper ${id}`, { hint: 'see `genesys library list`' });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(paper, null, 2)}\n`);
      return;
    }
    const lines = [`[${paper.id}] ${paper.title}`, byline(paper), ...paper.urls, ''];
    if (paper.tldr) lines.push(`TL;DR: ${paper.tldr}`, '');
    if (paper.abstract) lines.push(paper.abstract, '');
    if (paper.notes) lines.push(`Notes: ${paper.notes}`);
    if (paper.related.length) lines.push(`Builds on: ${paper.related.join(', ')}`);
    if (paper.code) lines.push(`Reference code: ${paper.code.length} characters (--json shows it)`);
    console.error(lines.join('\n').trimEnd());
  });

export const libraryCommand = new Command('library')
  .description('the paper library: add, import-genesys, search, list, show')
  .addCommand(addCommand)
  .addCommand(importGenesysCommand)
  .addCommand(searchCommand)
  .addCommand(listCommand)
  .addCommand(showCommand);
