/**
 * @module Papers from files: our JSONL (one PaperInput per line), the original Genesys reference
 * library (`library.jsonl`, one `model/library/tree/<acronym>.json` per line), and BibTeX. Every
 * reader checks the whole file first and reports the first bad record by line, so a bad file adds
 * nothing.
 */
import { parse as parseBibtexLibrary, type Creator } from '@retorquere/bibtex-parser';
import { extname } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { parseArxivId, PaperIdSchema, PaperInputSchema, type ParsedPaperInput } from './paper.js';

export const PaperFileFormatSchema = z.enum(['jsonl', 'genesys', 'bibtex']);
export type PaperFileFormat = z.infer<typeof PaperFileFormatSchema>;

/** A line of the original's reference library (extra fields are ignored). */
export const GenesysLibraryEntrySchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  authors: z.array(z.string()).default([]),
  year: z.number().int().nullable().default(null),
  venue: z.string().nullable().default(null),
  abstract: z.string().nullable().default(null),
  tldr: z.string().nullable().default(null),
  s2id: z.string().nullable().default(null),
  url: z.string().nullable().default(null),
  citationCount: z.number().int().nullable().default(null),
  seed_ids: z.array(z.string()).default([]),
  description: z.string().nullable().default(null),
  code: z.string().nullable().default(null),
  code_chars: z.number().int().optional(),
});

function jsonLines(text: string, file: string): { line: number; value: unknown }[] {
  return text.split('\n').flatMap((raw, index) => {
    if (raw.trim() === '') return [];
    try {
      return [{ line: index + 1, value: JSON.parse(raw) as unknown }];
    } catch {
      throw new InputError(`${file}:${index + 1}: not a JSON object; nothing was added`);
    }
  });
}

function parseLine<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problem = result.error.issues[0];
  throw new InputError(`${where}: ${problem?.path.join('.') || 'record'}: ${problem?.message}; nothing was added`);
}

/** Our JSONL: each line a paper (`title` required; `id`, `authors`, `year`, `venue`, `abstract`, `url`, `arxivId`, … optional). */
export function parsePapersJsonl(text: string, file = 'input'): ParsedPaperInput[] {
  return jsonLines(text, file).map(({ line, value }) => parseLine(PaperInputSchema, value, `${file}:${line}`));
}

/** The original Genesys `library.jsonl`: acronym ids kept, `seed_ids` → related, `description` → notes, code excerpt kept. */
export function parseGenesysLibrary(text: string, file = 'library.jsonl'): ParsedPaperInput[] {
  return jsonLines(text, file).map(({ line, value }) => {
    const entry = parseLine(GenesysLibraryEntrySchema, value, `${file}:${line}`);
    return parseLine(PaperInputSchema, {
      id: entry.id, title: entry.title, authors: entry.authors, year: entry.year, venue: entry.venue, abstract: entry.abstract,
      tldr: entry.tldr, s2Id: entry.s2id, url: entry.url, citationCount: entry.citationCount, related: entry.seed_ids,
      notes: entry.description, code: entry.code, source: 'genesys',
    }, `${file}:${line}`);
  });
}

// The BibTeX parser renders LaTeX markup (\emph, \textbf) as HTML tags and accents as combining
// marks; keep the text, composed (G{\"o}del → Gödel).
function plain(text: string | undefined): string | undefined {
  return text?.replace(/<\/?[a-z]+[^>]*>/gi, '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

function creatorName(creator: Creator): string {
  return (creator.name ?? [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ')).normalize('NFC');
}

/** BibTeX entries: the citation key is the id; `eprint` with `archivePrefix = arXiv` gives the arXiv id. */
export function parseBibtex(text: string, file = 'input.bib'): ParsedPaperInput[] {
  const library = parseBibtexLibrary(text, { english: false, unsupported: 'ignore', sentenceCase: false });
  if (library.errors.length > 0) {
    const first = library.errors[0]!;
    throw new InputError(`${file}: BibTeX error: ${first.error}; nothing was added`, { hint: `${library.errors.length} problem(s) in all` });
  }
  return library.entries.map((entry) => {
    const fields = entry.fields;
    const eprint = fields.eprint && (!fields.archiveprefix || /arxiv/i.test(fields.archiveprefix)) ? parseArxivId(fields.eprint) : undefined;
    const arxivFromUrl = [fields.url, fields.journal].flatMap((value) => (value ? [parseArxivId(value.replace(/^arXiv preprint arXiv:/i, ''))] : []))
      .find((id) => id !== undefined);
    const key = entry.key.replace(/[^\w.:/+-]/g, '-');
    return parseLine(PaperInputSchema, {
      id: PaperIdSchema.safeParse(key).success ? key : undefined,
      title: plain(fields.title),
      authors: (fields.author ?? []).map(creatorName),
      year: fields.year ?? fields.date?.slice(0, 4),
      venue: /^arxiv preprint/i.test(fields.journal ?? '') ? 'arXiv' : plain(fields.journal ?? fields.booktitle ?? fields.journaltitle),
      abstract: plain(fields.abstract),
      url: fields.url,
      doi: fields.doi,
      arxivId: eprint ?? arxivFromUrl,
      notes: plain(fields.note ?? fields.annote),
      source: 'bibtex',
    }, `${file}: entry ${entry.key}`);
  });
}

/** The format of a paper file: `.bib` is BibTeX; a JSONL whose first record has `seed_ids` and `code_chars` is the original library. */
export function detectPaperFileFormat(file: string, text: string): PaperFileFormat {
  if (extname(file).toLowerCase() === '.bib' || /^\s*@\w+\s*\{/.test(text)) return 'bibtex';
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first) {
    try {
      const record = JSON.parse(first) as Record<string, unknown>;
      if ('seed_ids' in record && 'code_chars' in record) return 'genesys';
    } catch {
      // Not JSON: the JSONL reader reports the line.
    }
  }
  return 'jsonl';
}

/** Reads a paper file's text in the given format. */
export function parsePaperFile(text: string, options: { file: string; format: PaperFileFormat }): ParsedPaperInput[] {
  switch (options.format) {
    case 'bibtex':
      return parseBibtex(text, options.file);
    case 'genesys':
      return parseGenesysLibrary(text, options.file);
    case 'jsonl':
      return parsePapersJsonl(text, options.file);
  }
}
