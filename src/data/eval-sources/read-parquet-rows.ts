/**
 * @module Every row of a parquet file as an object (lists as arrays, structs as objects, int64 as
 * bigint), one row group in memory at a time.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { InputError } from '../../core/errors.js';

export async function* readParquetRows(path: string): AsyncGenerator<Record<string, unknown>> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file).catch((cause: unknown) => {
    throw new InputError(`${path} is not a parquet file`, { cause });
  });
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    yield* await parquetReadObjects({ file, metadata, rowStart, rowEnd, rowFormat: 'object' });
    rowStart = rowEnd;
  }
}
