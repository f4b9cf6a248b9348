/**
 * @module Test support: writes a minimal parquet file (one required UTF-8 column, plain encoding,
 * uncompressed, one data page per row group), since no parquet writer is a dependency.
 * Follows the Apache Parquet format spec with Thrift's compact protocol.
 */
import { writeFile } from 'node:fs/promises';

type ThriftValue =
  | { i32: number }
  | { i64: number }
  | { binary: string }
  | { list: { elementType: number; items: ThriftValue[] } }
  | { struct: ThriftField[] };
type ThriftField = [fieldId: number, value: ThriftValue];

const TYPE = { i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;
const PARQUET = { byteArray: 6, required: 0, utf8: 0, plain: 0, rle: 3, uncompressed: 0, dataPage: 0 } as const;

function varint(value: bigint, out: number[]): void {
  let rest = value;
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
}

function zigzag(value: number): bigint {
  const big = BigInt(value);
  return big >= 0n ? big << 1n : ((-big) << 1n) - 1n;
}

function typeOf(value: ThriftValue): number {
  return TYPE[Object.keys(value)[0] as keyof typeof TYPE];
}

function encodeValue(value: ThriftValue, out: number[]): void {
  if ('i32' in value) varint(zigzag(value.i32), out);
  else if ('i64' in value) varint(zigzag(value.i64), out);
  else if ('binary' in value) {
    const bytes = Buffer.from(value.binary, 'utf8');
    varint(BigInt(bytes.length), out);
    out.push(...bytes);
  } else if ('list' in value) {
    const { elementType, items } = value.list;
    if (items.length < 15) out.push((items.length << 4) | elementType);
    else {
      out.push(0xf0 | elementType);
      varint(BigInt(items.length), out);
    }
    for (const item of items) encodeValue(item, out);
  } else {
    let lastId = 0;
    for (const [fieldId, field] of value.struct) {
      out.push(((fieldId - lastId) << 4) | typeOf(field)); // our field ids always ascend by 1..15
      encodeValue(field, out);
      lastId = fieldId;
    }
    out.push(0); // stop
  }
}

function thrift(fields: ThriftField[]): Buffer {
  const out: number[] = [];
  encodeValue({ struct: fields }, out);
  return Buffer.from(out);
}

/** Writes `rowGroups` (each a list of strings) as a parquet file with one column named `column`. */
export async function writeTinyParquet(path: string, column: string, rowGroups: string[][]): Promise<void> {
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups: ThriftValue[] = [];
  for (const rows of rowGroups) {
    const values = Buffer.concat(rows.map((row) => {
      const bytes = Buffer.from(row, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    }));
    const header = thrift([
      [1, { i32: PARQUET.dataPage }],
      [2, { i32: values.length }],
      [3, { i32: values.length }],
      [5, { struct: [[1, { i32: rows.length }], [2, { i32: PARQUET.plain }], [3, { i32: PARQUET.rle }], [4, { i32: PARQUET.rle }]] }],
    ]);
    const chunkSize = header.length + values.length;
    groups.push({ struct: [
      [1, { list: { elementType: TYPE.struct, items: [{ struct: [
        [2, { i64: offset }],
        [3, { struct: [
          [1, { i32: PARQUET.byteArray }],
          [2, { list: { elementType: TYPE.i32, items: [{ i32: PARQUET.plain }] } }],
          [3, { list: { elementType: TYPE.binary, items: [{ binary: column }] } }],
          [4, { i32: PARQUET.uncompressed }],
          [5, { i64: rows.length }],
          [6, { i64: chunkSize }],
          [7, { i64: chunkSize }],
          [9, { i64: offset }],
        ] }],
      ] }] } }],
      [2, { i64: chunkSize }],
      [3, { i64: rows.length }],
    ] });
    parts.push(header, values);
    offset += chunkSize;
  }
  const metadata = thrift([
    [1, { i32: 1 }],
    [2, { list: { elementType: TYPE.struct, items: [
      { struct: [[4, { binary: 'schema' }], [5, { i32: 1 }]] },
      { struct: [[1, { i32: PARQUET.byteArray }], [3, { i32: PARQUET.required }], [4, { binary: column }], [6, { i32: PARQUET.utf8 }]] },
    ] } }],
    [3, { i64: rowGroups.reduce((total, rows) => total + rows.length, 0) }],
    [4, { list: { elementType: TYPE.struct, items: groups } }],
  ]);
  const footerLength = Buffer.alloc(4);
  footerLength.writeUInt32LE(metadata.length);
  parts.push(metadata, footerLength, Buffer.from('PAR1'));
  await writeFile(path, Buffer.concat(parts));
}
