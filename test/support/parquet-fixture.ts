/**
 * @module Test support: writes minimal parquet files (plain encoding, uncompressed, one data page per
 * column chunk), since no parquet writer is a dependency. Columns are nullable (OPTIONAL) like the
 * files pyarrow writes for the Hugging Face Hub's parquet export, lists use the standard 3-level LIST
 * layout, and structs hold scalar or list fields. Follows the Apache Parquet format spec with Thrift's
 * compact protocol.
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
const PARQUET = {
  physical: { int32: 1, int64: 2, string: 6 },
  repetition: { required: 0, optional: 1, repeated: 2 },
  converted: { utf8: 0, list: 3 },
  plain: 0, rle: 3, uncompressed: 0, dataPage: 0,
} as const;

type ScalarType = 'string' | 'int32' | 'int64';
type FieldType = ScalarType | 'string[]';
/** A column: a scalar, a list of strings, or a struct of those. */
export type FixtureColumnType = FieldType | { struct: Record<string, FieldType> };
export type FixtureRow = Record<string, unknown>;

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

/** One leaf column: its schema path, and where its value sits in a row. */
interface Leaf {
  path: string[];
  type: FieldType;
  /** Definition levels above the field: 1 inside an (optional) struct. */
  parentDefinition: number;
  value: (row: FixtureRow) => unknown;
}

function schemaElement(name: string, fields: { physical?: number; repetition: number; children?: number; converted?: number }): ThriftValue {
  const struct: ThriftField[] = [];
  if (fields.physical !== undefined) struct.push([1, { i32: fields.physical }]);
  struct.push([3, { i32: fields.repetition }], [4, { binary: name }]);
  if (fields.children !== undefined) struct.push([5, { i32: fields.children }]);
  if (fields.converted !== undefined) struct.push([6, { i32: fields.converted }]);
  return { struct };
}

function scalarElement(name: string, type: ScalarType, repetition: number): ThriftValue {
  return schemaElement(name, { physical: PARQUET.physical[type], repetition, converted: type === 'string' ? PARQUET.converted.utf8 : undefined });
}

/** Schema elements (depth first) of one field. */
function fieldElements(name: string, type: FieldType): ThriftValue[] {
  if (type !== 'string[]') return [scalarElement(name, type, PARQUET.repetition.optional)];
  return [
    schemaElement(name, { repetition: PARQUET.repetition.optional, children: 1, converted: PARQUET.converted.list }),
    schemaElement('list', { repetition: PARQUET.repetition.repeated, children: 1 }),
    scalarElement('element', 'string', PARQUET.repetition.optional),
  ];
}

function leavesAndElements(columns: Record<string, FixtureColumnType>): { leaves: Leaf[]; elements: ThriftValue[] } {
  const leaves: Leaf[] = [];
  const elements: ThriftValue[] = [];
  for (const [name, type] of Object.entries(columns)) {
    if (typeof type === 'string') {
      elements.push(...fieldElements(name, type));
      leaves.push({ path: type === 'string[]' ? [name, 'list', 'element'] : [name], type, parentDefinition: 0, value: (row) => row[name] });
      continue;
    }
    elements.push(schemaElement(name, { repetition: PARQUET.repetition.optional, children: Object.keys(type.struct).length }));
    for (const [field, fieldType] of Object.entries(type.struct)) {
      elements.push(...fieldElements(field, fieldType));
      const path = fieldType === 'string[]' ? [name, field, 'list', 'element'] : [name, field];
      leaves.push({ path, type: fieldType, parentDefinition: 1, value: (row) => (row[name] as FixtureRow)[field] });
    }
  }
  return { leaves, elements };
}

function plainValue(type: FieldType, value: unknown): Buffer {
  if (type === 'int32') {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(Number(value));
    return bytes;
  }
  if (type === 'int64') {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(BigInt(value as number | bigint));
    return bytes;
  }
  const text = Buffer.from(String(value), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  return Buffer.concat([length, text]);
}

/** Levels in the RLE/bit-packed hybrid (RLE runs only), prefixed by their byte length as in a v1 data page. */
function encodeLevels(levels: number[], maxLevel: number): Buffer {
  const width = Math.ceil((32 - Math.clz32(maxLevel)) / 8); // bytes per run value
  const out: number[] = [];
  for (let start = 0; start < levels.length;) {
    let end = start;
    while (end < levels.length && levels[end] === levels[start]) end += 1;
    varint(BigInt((end - start) << 1), out);
    for (let byte = 0; byte < width; byte += 1) out.push(((levels[start] ?? 0) >> (8 * byte)) & 0xff);
    start = end;
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(out.length);
  return Buffer.concat([length, Buffer.from(out)]);
}

/** A leaf's data page body for some rows (no nulls): repetition levels, definition levels, values. */
function leafPage(leaf: Leaf, rows: FixtureRow[]): { body: Buffer; levels: number } {
  const definitions: number[] = [];
  const repetitions: number[] = [];
  const values: Buffer[] = [];
  for (const row of rows) {
    const value = leaf.value(row);
    if (leaf.type !== 'string[]') {
      definitions.push(leaf.parentDefinition + 1);
      values.push(plainValue(leaf.type, value));
    } else if ((value as unknown[]).length === 0) {
      definitions.push(leaf.parentDefinition + 1); // list present, no element
      repetitions.push(0);
    } else {
      for (const [index, item] of (value as unknown[]).entries()) {
        definitions.push(leaf.parentDefinition + 3);
        repetitions.push(index === 0 ? 0 : 1);
        values.push(plainValue('string', item));
      }
    }
  }
  const maxDefinition = leaf.parentDefinition + (leaf.type === 'string[]' ? 3 : 1);
  const body = Buffer.concat([
    ...(leaf.type === 'string[]' ? [encodeLevels(repetitions, 1)] : []),
    encodeLevels(definitions, maxDefinition),
    ...values,
  ]);
  return { body, levels: definitions.length };
}

/** Writes `rowGroups` (each a list of row objects) as a parquet file with the given columns. */
export async function writeParquetTable(path: string, columns: Record<string, FixtureColumnType>, rowGroups: FixtureRow[][]): Promise<void> {
  const { leaves, elements } = leavesAndElements(columns);
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups: ThriftValue[] = [];
  for (const rows of rowGroups) {
    const chunks: ThriftValue[] = [];
    let groupSize = 0;
    for (const leaf of leaves) {
      const { body, levels } = leafPage(leaf, rows);
      const header = thrift([
        [1, { i32: PARQUET.dataPage }],
        [2, { i32: body.length }],
        [3, { i32: body.length }],
        [5, { struct: [[1, { i32: levels }], [2, { i32: PARQUET.plain }], [3, { i32: PARQUET.rle }], [4, { i32: PARQUET.rle }]] }],
      ]);
      const chunkSize = header.length + body.length;
      chunks.push({ struct: [
        [2, { i64: offset }],
        [3, { struct: [
          [1, { i32: PARQUET.physical[leaf.type === 'string[]' ? 'string' : leaf.type] }],
          [2, { list: { elementType: TYPE.i32, items: [{ i32: PARQUET.plain }, { i32: PARQUET.rle }] } }],
          [3, { list: { elementType: TYPE.binary, items: leaf.path.map((name) => ({ binary: name })) } }],
          [4, { i32: PARQUET.uncompressed }],
          [5, { i64: levels }],
          [6, { i64: chunkSize }],
          [7, { i64: chunkSize }],
          [9, { i64: offset }],
        ] }],
      ] });
      parts.push(header, body);
      offset += chunkSize;
      groupSize += chunkSize;
    }
    groups.push({ struct: [
      [1, { list: { elementType: TYPE.struct, items: chunks } }],
      [2, { i64: groupSize }],
      [3, { i64: rows.length }],
    ] });
  }
  const metadata = thrift([
    [1, { i32: 1 }],
    [2, { list: { elementType: TYPE.struct, items: [
      { struct: [[4, { binary: 'schema' }], [5, { i32: Object.keys(columns).length }]] },
      ...elements,
    ] } }],
    [3, { i64: rowGroups.reduce((total, rows) => total + rows.length, 0) }],
    [4, { list: { elementType: TYPE.struct, items: groups } }],
  ]);
  const footerLength = Buffer.alloc(4);
  footerLength.writeUInt32LE(metadata.length);
  parts.push(metadata, footerLength, Buffer.from('PAR1'));
  await writeFile(path, Buffer.concat(parts));
}

/** Writes `rowGroups` (each a list of strings) as a parquet file with one string column named `column`. */
export async function writeTinyParquet(path: string, column: string, rowGroups: string[][]): Promise<void> {
  await writeParquetTable(path, { [column]: 'string' }, rowGroups.map((rows) => rows.map((text) => ({ [column]: text }))));
}
