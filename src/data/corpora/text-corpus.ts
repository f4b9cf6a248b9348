/**
 * @module Plain text: a .txt file split into documents at blank lines, or a folder of .txt files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Corpus, CorpusDocument } from './corpus.js';

export interface TextCorpusOptions {
  path: string;
  /** One document per file instead of one per blank-line-separated block. */
  docPerFile?: boolean;
}

async function listTextFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.txt'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function* fileDocuments(text: string, name: string, docPerFile: boolean): Generator<CorpusDocument> {
  if (docPerFile) {
    if (text.trim().length > 0) yield { id: name, text: text.trim() };
    return;
  }
  // A block's id is its position in the file: stable as long as the file only grows at its end.
  let index = 0;
  for (const block of text.split(/\r?\n(?:[ \t]*\r?\n)+/)) {
    const trimmed = block.trim();
    if (trimmed.length > 0) yield { id: `${name}#${index++}`, text: trimmed };
  }
}

/** `text:PATH`: documents from a .txt file, or from every .txt file under a folder (sorted by path). */
export function textCorpus({ path, docPerFile = false }: TextCorpusOptions): Corpus {
  return {
    spec: `text:${path}`,
    async *documents() {
      const info = await stat(path).catch((cause: unknown) => {
        throw new InputError(`text corpus: no such file or folder ${path}`, { cause });
      });
      if (info.isDirectory()) {
        const files = await listTextFiles(path);
        if (files.length === 0) throw new InputError(`text corpus: no .txt files under ${path}`);
        for (const file of files) yield* fileDocuments(await readFile(file, 'utf8'), relative(path, file), docPerFile);
      } else {
        yield* fileDocuments(await readFile(path, 'utf8'), basename(path), docPerFile);
      }
    },
  };
}
