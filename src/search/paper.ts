/**
 * @module A paper of the library: the schema of a stored paper, the looser schema of a paper being
 * added (from JSONL, BibTeX, the original's library, arXiv or Semantic Scholar), and the keys that
 * say two records are the same paper.
 */
import { z } from 'zod';

/** Where a paper came from. */
export const PaperSourceSchema = z.enum(['jsonl', 'bibtex', 'genesys', 'arxiv', 'semantic-scholar']);
export type PaperSource = z.infer<typeof PaperSourceSchema>;

// Ids appear on command lines and in citations, so they stay printable and free of spaces.
export const PaperIdSchema = z.string().regex(/^[\w.:/+-]{1,200}$/, 'a paper id is 1-200 letters, digits or . _ : / + -');

export const PaperSchema = z.object({
  id: PaperIdSchema.describe('Library id: the original acronym (`3drpe`), a BibTeX key, `arxiv:2401.01234`, `s2:<paperId>`'),
  title: z.string().min(1),
  authors: z.array(z.string()),
  year: z.number().int().nullable(),
  venue: z.string(),
  abstract: z.string(),
  tldr: z.string().describe('A one-sentence summary (Semantic Scholar TL;DR)'),
  urls: z.array(z.string()),
  arxivId: z.string().nullable().describe('Without version: `2401.01234`, `hep-th/9901001`'),
  s2Id: z.string().nullable().describe('Semantic Scholar paperId'),
  doi: z.string().nullable(),
  code: z.string().nullable().describe('A reference-code excerpt'),
  notes: z.string(),
  source: PaperSourceSchema,
  citationCount: z.number().int().nullable(),
  /** Ids of library papers this one builds on (the original library's `seed_ids`). */
  related: z.array(z.string()),
});
export type Paper = z.infer<typeof PaperSchema>;

const optionalText = z.string().nullish().transform((value) => value?.trim() ?? '');
const optionalId = z.string().nullish().transform((value) => (value?.trim() ? value.trim() : null));

/**
 * A paper as given to `addPapers`: only the title is required. A paper with an `id` replaces the
 * stored paper of that id; one without is matched to a stored paper by arXiv id, DOI, Semantic
 * Scholar id or title, and gets a derived id when new.
 */
export const PaperInputSchema = z.object({
  id: PaperIdSchema.optional(),
  title: z.string().trim().min(1, 'a paper needs a title'),
  authors: z.union([z.array(z.string()), z.string().transform(splitAuthors)])
    .default([])
    .transform((names) => names.map((name) => name.trim()).filter((name) => name.length > 0)),
  year: z.coerce.number().int().min(1000).max(3000).nullish().transform((value) => value ?? null),
  venue: optionalText,
  abstract: optionalText,
  tldr: optionalText,
  urls: z.array(z.string()).default([]),
  url: z.string().nullish(),
  arxivId: optionalId,
  s2Id: optionalId,
  doi: optionalId,
  code: z.string().nullish().transform((value) => value ?? null),
  notes: optionalText,
  source: PaperSourceSchema.default('jsonl'),
  citationCount: z.number().int().nullish().transform((value) => value ?? null),
  related: z.array(z.string()).default([]),
}).transform(({ url, ...paper }) => ({
  ...paper,
  urls: [...new Set([...paper.urls, ...(url ? [url] : [])].map((value) => value.trim()).filter((value) => value.length > 0))],
  arxivId: paper.arxivId ? normalizeArxivId(paper.arxivId) : null,
  doi: paper.doi ? paper.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').toLowerCase() : null,
}));
export type PaperInput = z.input<typeof PaperInputSchema>;
export type ParsedPaperInput = z.output<typeof PaperInputSchema>;

/** "A B and C D", "A B; C D" or "A B, C D" (but not "Last, First") → names. */
function splitAuthors(names: string): string[] {
  const parts = names.split(/\s+and\s+|;/);
  if (parts.length > 1) return parts;
  const byComma = names.split(',').map((name) => name.trim());
  return byComma.every((name) => name.includes(' ')) ? byComma : [names];
}

/** `arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234` → `2401.01234`; undefined when it is not an arXiv id. */
export function parseArxivId(text: string): string | undefined {
  const match = /(?:arxiv[:/]|abs\/|pdf\/)?((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?$/i.exec(text.trim());
  return match?.[1];
}

function normalizeArxivId(text: string): string {
  return parseArxivId(text) ?? text.trim();
}

/** Lower-case letters and digits only: the title key that matches a paper across sources. */
export function titleKey(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '');
}

/** The id a new paper without one gets: its arXiv id, else DOI, else Semantic Scholar id, else a title slug. */
export function derivePaperId(paper: Pick<ParsedPaperInput, 'arxivId' | 'doi' | 's2Id' | 'title' | 'year'>): string {
  if (paper.arxivId) return `arxiv:${paper.arxivId}`;
  if (paper.doi) return `doi:${paper.doi}`.slice(0, 200);
  if (paper.s2Id) return `s2:${paper.s2Id}`;
  const slug = paper.title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'paper';
  return paper.year ? `${slug}-${paper.year}` : slug;
}
