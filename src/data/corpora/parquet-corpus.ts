/**
 * @module Parquet: one document per row, its text in a column (`text` by default), read a row group at a time.
 */
import { basename } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { InputError } from '../../core/errors.js';
import type { Corpus, CorpusDocument } from './corpus.js';

export interface ParquetCorpusOptions {
  path: string;
  textField?: string;
}

/** Yields `{id: <idPrefix>:<row>, text}` for every row, one row group in memory at a time. */
export async function* readParquetTexts(path: string, textField: string, idPrefix: string): AsyncGenerator<CorpusDocument> {
  const file = await asyncBufferFromFile(path).catch((cause: unknown) => {
    throw new InputError(`parquet corpus: cannot read ${path}`, { cause });
  });
  const metadata = await parquetMetadataAsync(file).catch((cause: unknown) => {
    throw new InputError(`parquet corpus: ${path} is not a parquet file`, { cause });
  });
  const columns = parquetSchema(metadata).children.map((column) => column.element.name);
  if (!columns.includes(textField)) {
    throw new InputError(`parquet corpus: ${path} has no column "${textField}" (columns: ${columns.join(', ')})`, {
      hint: 'name the text column with --text-field',
    });
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, columns: [textField], rowStart, rowEnd, rowFormat: 'object' });
    for (const [offset, row] of rows.entries()) {
      const text: unknown = row[textField];
      // Null cells are rows without text; skipping them keeps the other rows' ids (row numbers) stable.
      if (typeof text === 'string') yield { id: `${idPrefix}:${rowStart + offset}`, text };
    }
    rowStart = rowEnd;
  }
}

/** `parquet:PATH`: a local parquet file. */
export function parquetCorpus({ path, textField = 'text' }: ParquetCorpusOptions): Corpus {
  return {
    spec: `parquet:${path}`,
    documents: () => readParquetTexts(path, textField, basename(path)),
  };
}
