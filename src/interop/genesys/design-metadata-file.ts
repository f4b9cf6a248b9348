/**
 * @module The original design folder's `metadata.json`, reduced to what we read and write:
 * the design's title and its parents (`seed_ids`).
 */
import { z } from 'zod';

export const DESIGN_METADATA_FILE = 'metadata.json';

export const DesignMetadataFileSchema = z.object({
  acronym: z.string().nullable().default(null),
  title: z.string().nullable().default(null),
  seed_ids: z.array(z.string()).default([]),
});
export type DesignMetadataFile = z.infer<typeof DesignMetadataFileSchema>;
