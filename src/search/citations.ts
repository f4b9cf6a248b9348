/**
 * @module Citations a proposal keeps (in its `data.citations`) from the papers its author or
 * reviewer found, and their rendering as a numbered reference list for reports.
 */
import { z } from 'zod';
import type { Paper } from './paper.js';

export const CitationSchema = z.object({
  /** Library id when the paper is in the library (or was added from a search), else null. */
  paperId: z.string().nullable().default(null),
  title: z.string().min(1),
  authors: z.array(z.string()).default([]),
  year: z.number().int().nullable().default(null),
  venue: z.string().default(''),
  url: z.string().nullable().default(null),
  arxivId: z.string().nullable().default(null),
  /** Where it was found: `library`, `arxiv`, `semantic-scholar`. */
  foundIn: z.string().default('library'),
  /** Why the design cites it, in the agent's words or the search's. */
  note: z.string().default(''),
  excerpt: z.string().default(''),
});
export type Citation = z.infer<typeof CitationSchema>;

/** A citation of a library or external paper. */
export function citationFromPaper(paper: Pick<Paper, 'title' | 'authors' | 'year' | 'venue' | 'urls' | 'arxivId'> & { id?: string }, details: { foundIn?: string; note?: string; excerpt?: string } = {}): Citation {
  return CitationSchema.parse({
    paperId: paper.id ?? null,
    title: paper.title,
    authors: paper.authors,
    year: paper.year,
    venue: paper.venue,
    url: paper.urls[0] ?? (paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : null),
    arxivId: paper.arxivId,
    ...details,
  });
}

function authorList(authors: string[]): string {
  if (authors.length === 0) return 'Anonymous';
  if (authors.length <= 3) return authors.join(', ');
  return `${authors[0]} et al.`;
}

/** `[1] Authors (year). Title. Venue. url — note`, one per line; duplicates (same id, or same title) once. */
export function renderCitations(citations: Citation[]): string {
  const seen = new Set<string>();
  const unique = citations.filter((citation) => {
    const key = citation.paperId ?? citation.title.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.map((citation, index) => {
    const parts = [`[${index + 1}] ${authorList(citation.authors)} (${citation.year ?? 'n.d.'}). ${citation.title}.`];
    if (citation.venue) parts.push(`${citation.venue}.`);
    if (citation.url) parts.push(citation.url);
    if (citation.note) parts.push(`— ${citation.note}`);
    return parts.join(' ');
  }).join('\n');
}
