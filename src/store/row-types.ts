/**
 * @module Column parsers shared by the row schemas: the two drivers return timestamps as Date and
 * bigints as number (PGlite) or string (pg); rows leave the store as plain JSON either way.
 */
import { z } from 'zod';

/** timestamptz → ISO-8601 string (millisecond precision). */
export const TimestampSchema = z.union([z.date(), z.string()]).transform((value) => new Date(value).toISOString());
export const NullableTimestampSchema = TimestampSchema.nullable();

/** int8 / bigserial → number. */
export const BigIntSchema = z.coerce.number().int();

/** Parses every row with `schema`; a mismatch is a bug in the SQL, so it throws. */
export function parseRows<Schema extends z.ZodType>(schema: Schema, rows: Record<string, unknown>[]): z.infer<Schema>[] {
  return rows.map((row) => schema.parse(row));
}
