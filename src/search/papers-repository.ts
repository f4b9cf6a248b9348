/**
 * @module The papers table: adding papers (matched to stored ones and merged, in one transaction),
 * reading them back, and the revision counter that tells a saved index what it has not seen.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { json, type Db } from '../store/index.js';
import { derivePaperId, PaperInputSchema, PaperSchema, titleKey, type Paper, type PaperInput, type ParsedPaperInput } from './paper.js';

const NullableBigIntSchema = z.coerce.number().int();
const TimestampSchema = z.union([z.date(), z.string()]).transform((value) => new Date(value).toISOString());

export const PaperRowSchema = PaperSchema.extend({
  revision: NullableBigIntSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type PaperRow = z.infer<typeof PaperRowSchema>;

const COLUMNS = `id, title, authors, year, venue, abstract, tldr, urls, arxiv_id AS "arxivId", s2_id AS "s2Id", doi, code, notes, source,
  citation_count AS "citationCount", related, revision, created_at AS "createdAt", updated_at AS "updatedAt"`;

// Rows per INSERT statement; each carries its papers as one jsonb parameter.
const BATCH = 500;

export interface AddPapersResult {
  /** The stored id of each input, in input order. */
  ids: string[];
  added: string[];
  updated: string[];
  unchanged: string[];
}

function parseRows(rows: Record<string, unknown>[]): PaperRow[] {
  return rows.map((row) => PaperRowSchema.parse(row));
}

function toPaper(row: PaperRow): Paper {
  return PaperSchema.parse(row);
}

/** The stored paper a new record is about: by id when it names one, otherwise by arXiv id, DOI, S2 id, then title (and year). */
class PaperMatcher {
  readonly #byId = new Map<string, Paper>();
  readonly #byKey = new Map<string, string>();

  add(paper: Paper): void {
    this.#byId.set(paper.id, paper);
    for (const key of matchKeys(paper)) if (!this.#byKey.has(key)) this.#byKey.set(key, paper.id);
  }

  find(input: ParsedPaperInput): Paper | undefined {
    if (input.id) return this.#byId.get(input.id);
    for (const key of matchKeys(input)) {
      const id = this.#byKey.get(key);
      if (id) return this.#byId.get(id);
    }
    return undefined;
  }
}

function matchKeys(paper: Pick<Paper, 'arxivId' | 'doi' | 's2Id' | 'title' | 'year'>): string[] {
  return [
    paper.arxivId && `arxiv ${paper.arxivId}`,
    paper.doi && `doi ${paper.doi}`,
    paper.s2Id && `s2 ${paper.s2Id}`,
    `title ${titleKey(paper.title)} ${paper.year ?? ''}`,
  ].filter((key): key is string => Boolean(key));
}

/** Non-empty incoming fields win; empty ones keep what is stored. The id and first source stay. */
function mergePaper(stored: Paper, input: ParsedPaperInput): Paper {
  const pick = <Value>(incoming: Value, current: Value): Value =>
    incoming === null || incoming === '' || (Array.isArray(incoming) && incoming.length === 0) ? current : incoming;
  return {
    id: stored.id,
    title: input.title,
    authors: pick(input.authors, stored.authors),
    year: pick(input.year, stored.year),
    venue: pick(input.venue, stored.venue),
    abstract: pick(input.abstract, stored.abstract),
    tldr: pick(input.tldr, stored.tldr),
    urls: [...new Set([...stored.urls, ...input.urls])],
    arxivId: pick(input.arxivId, stored.arxivId),
    s2Id: pick(input.s2Id, stored.s2Id),
    doi: pick(input.doi, stored.doi),
    code: pick(input.code, stored.code),
    notes: pick(input.notes, stored.notes),
    source: stored.source,
    citationCount: pick(input.citationCount, stored.citationCount),
    related: pick(input.related, stored.related),
  };
}

function newPaper(input: ParsedPaperInput, id: string): Paper {
  return PaperSchema.parse({ ...input, id });
}

function sameContent(left: Paper, right: Paper): boolean {
  return JSON.stringify(PaperSchema.parse(left)) === JSON.stringify(PaperSchema.parse(right));
}

async function loadCandidates(db: Db, inputs: ParsedPaperInput[]): Promise<Paper[]> {
  const ids = inputs.flatMap((input) => (input.id ? [input.id] : []));
  const loose = inputs.filter((input) => !input.id);
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM papers WHERE id = ANY($1::text[]) OR arxiv_id = ANY($2::text[]) OR doi = ANY($3::text[])
       OR s2_id = ANY($4::text[]) OR title_key = ANY($5::text[]) ORDER BY id`,
    [ids, loose.flatMap((input) => input.arxivId ?? []), loose.flatMap((input) => input.doi ?? []),
      loose.flatMap((input) => input.s2Id ?? []), loose.map((input) => titleKey(input.title))],
  );
  return parseRows(rows).map(toPaper);
}

function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

async function writePapers(db: Db, papers: Paper[]): Promise<void> {
  for (let start = 0; start < papers.length; start += BATCH) {
    const batch = papers.slice(start, start + BATCH).map((paper) => ({
      id: paper.id, title: paper.title, title_key: titleKey(paper.title), authors: paper.authors, year: paper.year, venue: paper.venue,
      abstract: paper.abstract, tldr: paper.tldr, urls: paper.urls, arxiv_id: paper.arxivId, s2_id: paper.s2Id, doi: paper.doi,
      code: paper.code, notes: paper.notes, source: paper.source, citation_count: paper.citationCount, related: paper.related,
    }));
    await db.query(
      `INSERT INTO papers (id, title, title_key, authors, year, venue, abstract, tldr, urls, arxiv_id, s2_id, doi, code, notes, source, citation_count, related)
       SELECT id, title, title_key, authors, year, venue, abstract, tldr, urls, arxiv_id, s2_id, doi, code, notes, source, citation_count, related
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, title text, title_key text, authors jsonb, year int, venue text, abstract text, tldr text,
         urls jsonb, arxiv_id text, s2_id text, doi text, code text, notes text, source text, citation_count int, related jsonb)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_key = excluded.title_key, authors = excluded.authors, year = excluded.year,
         venue = excluded.venue, abstract = excluded.abstract, tldr = excluded.tldr, urls = excluded.urls, arxiv_id = excluded.arxiv_id,
         s2_id = excluded.s2_id, doi = excluded.doi, code = excluded.code, notes = excluded.notes, citation_count = excluded.citation_count,
         related = excluded.related, revision = nextval('papers_revision'), updated_at = now()`,
      [json(batch)],
    );
  }
}

/**
 * Adds papers in one transaction (all or nothing): each is matched to a stored paper (see
 * PaperInputSchema) and merged into it, or inserted. Returns the ids added, updated and unchanged.
 */
export async function addPapers(db: Db, inputs: PaperInput[]): Promise<AddPapersResult> {
  const parsed = inputs.map((input, index) => {
    const result = PaperInputSchema.safeParse(input);
    if (!result.success) {
      const problem = result.error.issues[0];
      throw new InputError(`paper ${index + 1} (${String((input as { title?: unknown }).title ?? 'untitled')}): ${problem?.path.join('.') || 'record'}: ${problem?.message}; nothing was added`);
    }
    return result.data;
  });
  return db.transaction(async (tx) => {
    const matcher = new PaperMatcher();
    const stored = new Map<string, Paper>();
    for (const paper of await loadCandidates(tx, parsed)) {
      matcher.add(paper);
      stored.set(paper.id, paper);
    }
    const takenIds = new Set((await tx.query('SELECT id FROM papers WHERE id = ANY($1::text[])', [parsed.map((input) => input.id ?? derivePaperId(input))])).rows
      .map((row) => String(row.id)));
    const pending = new Map<string, Paper>();
    const added = new Set<string>();
    const ids: string[] = [];
    for (const input of parsed) {
      const current = matcher.find(input);
      const next = current
        ? mergePaper(current, input)
        : newPaper(input, input.id ?? uniqueId(derivePaperId(input), (id) => takenIds.has(id) || pending.has(id)));
      if (!current) added.add(next.id);
      ids.push(next.id);
      pending.set(next.id, next);
      matcher.add(next);
      takenIds.add(next.id);
    }
    const changed = [...pending.values()].filter((paper) => !stored.has(paper.id) || !sameContent(stored.get(paper.id)!, paper));
    await writePapers(tx, changed);
    const changedIds = new Set(changed.map((paper) => paper.id));
    return {
      ids,
      added: [...added],
      updated: [...pending.keys()].filter((id) => !added.has(id) && changedIds.has(id)),
      unchanged: [...pending.keys()].filter((id) => !changedIds.has(id)),
    };
  });
}

/** Papers by id, in the order asked (unknown ids are left out). */
export async function getPapers(db: Db, ids: string[]): Promise<PaperRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM papers WHERE id = ANY($1::text[])`, [ids]);
  const byId = new Map(parseRows(rows).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getPaper(db: Db, options: { id: string }): Promise<PaperRow | undefined> {
  return (await getPapers(db, [options.id]))[0];
}

/** Papers ordered by id, a page at a time. */
export async function listPapers(db: Db, options: { limit?: number; offset?: number } = {}): Promise<PaperRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM papers ORDER BY id LIMIT $1 OFFSET $2`, [options.limit ?? null, options.offset ?? 0]);
  return parseRows(rows);
}

/** Papers changed or added after `revision`, oldest change first. */
export async function papersChangedSince(db: Db, options: { revision: number }): Promise<PaperRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM papers WHERE revision > $1 ORDER BY revision`, [options.revision]);
  return parseRows(rows);
}

/** The newest revision (an index lookup, cheap enough to ask before every search). */
export async function latestPaperRevision(db: Db): Promise<number> {
  const { rows } = await db.query('SELECT coalesce(max(revision), 0)::float8 AS revision FROM papers');
  return z.number().parse(rows[0]?.revision);
}

/** The newest revision and the number of papers: what a saved index must match to be current. */
export async function libraryState(db: Db): Promise<{ revision: number; documents: number }> {
  const { rows } = await db.query('SELECT coalesce(max(revision), 0)::float8 AS revision, count(*)::int AS documents FROM papers');
  return z.object({ revision: z.number(), documents: z.number() }).parse(rows[0]);
}
