/**
 * @module The literature search the proposer and reviewer use, as a small interface: queries in,
 * one markdown block of results out (shown to the agent for one turn). `noLiteratureSearch` is the
 * stand-in when no paper index is available; the agents are then not asked for queries at all.
 */

export interface LiteratureSearch {
  readonly available: boolean;
  search(queries: string[]): Promise<{ text: string; papers: string[] }>;
}

export function noLiteratureSearch(): LiteratureSearch {
  return {
    available: false,
    search: async () => ({ text: 'Literature search is not available in this run.', papers: [] }),
  };
}

/** The part of the paper search (`src/search`) this adapter needs. */
export interface PaperSearcher {
  searchPapers(query: string, options?: { k?: number }): Promise<{
    results: { paperId: string | null; title: string; authors: string[]; year: number | null; venue: string; excerpt: string; whyRelevant: string }[];
    warnings: string[];
  }>;
}

/** Searches each query for `k` papers and renders the hits (deduplicated by title) as markdown. */
export function literatureSearchFrom(searcher: PaperSearcher, options: { k?: number } = {}): LiteratureSearch {
  return {
    available: true,
    async search(queries) {
      const seen = new Set<string>();
      const sections: string[] = [];
      const papers: string[] = [];
      for (const query of queries) {
        const { results, warnings } = await searcher.searchPapers(query, { k: options.k ?? 4 });
        const fresh = results.filter((paper) => !seen.has(paper.title.toLowerCase()));
        const lines = fresh.map((paper) => {
          seen.add(paper.title.toLowerCase());
          papers.push(paper.paperId ?? paper.title);
          const meta = [paper.authors.slice(0, 3).join(', '), paper.venue, paper.year ?? ''].filter(Boolean).join(', ');
          return `### ${paper.title}${meta ? ` (${meta})` : ''}\n${paper.whyRelevant}\n\n${paper.excerpt.trim()}`;
        });
        const note = warnings.length > 0 ? `\n(${warnings.join('; ')})` : '';
        sections.push(`## Query: ${query}\n\n${lines.length > 0 ? lines.join('\n\n') : 'No new papers found.'}${note}`);
      }
      return { text: sections.join('\n\n'), papers };
    },
  };
}
