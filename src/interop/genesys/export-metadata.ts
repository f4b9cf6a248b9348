/**
 * @module What export reads back from `design.metadata.genesys` (written by import). Every
 * field is optional: a design written by this project has none of them.
 */
import { z } from 'zod';

const text = z.string().nullable().optional().catch(null);

export const ExportMetadataSchema = z.object({
  status: z.string().optional().catch(undefined),
  title: text,
  proposal: z.object({ text }).nullable().optional().catch(null),
  review: text,
  rating: z.number().nullable().optional().catch(null),
  suggestions: text,
  unitExtras: z
    .record(z.string(), z.object({ requirements: text, review: text, suggestions: text }))
    .optional()
    .catch(undefined),
});
export type ExportMetadata = z.infer<typeof ExportMetadataSchema>;

/** The design's `metadata.genesys`, or an empty object when absent or not an object. */
export function readExportMetadata(metadata: Record<string, unknown>): ExportMetadata {
  const parsed = ExportMetadataSchema.safeParse(metadata.genesys ?? {});
  return parsed.success ? parsed.data : {};
}
