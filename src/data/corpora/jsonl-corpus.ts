/**
 * @module JSON Lines: one document per line, its text in a field (`text` by default).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError } from '../../core/errors.js';
import type { Corpus, CorpusDocument } from './corpus.js';

export interface JsonlCorpusOptions {
  path: string;
  textField?: string;
}

function lineDocument(line: string, where: { path: string; lineNumber: number }, textField: string): CorpusDocument {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch (cause) {
    throw new InputError(`jsonl corpus: ${where.path}:${where.lineNumber} is not valid JSON`, { cause });
  }
  const text = record[textField];
  if (typeof text !== 'string') {
    throw new InputError(`jsonl corpus: ${where.path}:${where.lineNumber} has no string field "${textField}"`, {
      hint: 'name the text field with --text-field',
    });
  }
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : `${basename(where.path)}:${where.lineNumber}`;
  return { id, text };
}

/** `jsonl:PATH`: a line's `id` field (string or number) is its id when present, else `<file>:<line>`. */
export function jsonlCorpus({ path, textField = 'text' }: JsonlCorpusOptions): Corpus {
  return {
    spec: `jsonl:${path}`,
    async *documents() {
      const stream = createReadStream(path, 'utf8');
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (cause) => reject(new InputError(`jsonl corpus: cannot read ${path}`, { cause })));
      });
      let lineNumber = 0;
      try {
        for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
          lineNumber += 1;
          if (line.trim().length > 0) yield lineDocument(line, { path, lineNumber }, textField);
        }
      } finally {
        stream.destroy(); // a consumer that stops early (maxDocuments) closes readline but not the file
      }
    },
  };
}
