/**
 * @module What `genesys library add` accepts: a paper file (our JSONL, the original's library.jsonl,
 * BibTeX) or a paper named by an external id (`arxiv:2401.01234`, `s2:<paperId>`, `s2:DOI:10.…`),
 * resolved to paper inputs before anything is stored.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { OnlineSources } from './online-search.js';
import type { ParsedPaperInput } from './paper.js';
import { detectPaperFileFormat, parsePaperFile, type PaperFileFormat } from './read-paper-files.js';

export interface ReadLibrarySourceOptions {
  /** `auto` (default) detects the file format. */
  format?: PaperFileFormat | 'auto';
  /** Clients for `arxiv:` and `s2:` sources. */
  clients: () => OnlineSources;
}

/** The papers of one source; a missing file, an unknown id or a bad record is an InputError and nothing is read further. */
export async function readLibrarySource(source: string, options: ReadLibrarySourceOptions): Promise<ParsedPaperInput[]> {
  const external = /^(arxiv|s2):(.+)$/i.exec(source);
  if (external && !existsSync(source)) {
    const [, scheme, id] = external;
    if (scheme!.toLowerCase() === 'arxiv') {
      const papers = await options.clients().arxiv.get([id!]);
      if (papers.length === 0) throw new InputError(`arXiv has no paper ${id}`);
      return papers;
    }
    const paper = await options.clients()['semantic-scholar'].get(id!);
    if (!paper) throw new InputError(`Semantic Scholar has no paper ${id}`, { hint: 'ids look like s2:<40-hex paperId>, s2:arXiv:2401.01234 or s2:DOI:10.…' });
    return [paper];
  }
  if (!existsSync(source)) throw new InputError(`no such file: ${source}`, { hint: 'give a .jsonl or .bib file, or arxiv:<id> / s2:<id>' });
  if (!statSync(source).isFile()) throw new InputError(`${source} is not a file`);
  const text = readFileSync(source, 'utf8');
  const format = !options.format || options.format === 'auto' ? detectPaperFileFormat(source, text) : options.format;
  return parsePaperFile(text, { file: source, format });
}
