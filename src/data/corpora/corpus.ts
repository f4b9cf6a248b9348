/**
 * @module What every corpus yields: documents with a stable id (the split is a hash of it) and plain text.
 */
import { z } from 'zod';

export const CorpusDocumentSchema = z.object({
  id: z.string().min(1).describe('stable across runs; the train/val/test split is a hash of it'),
  text: z.string(),
});
export type CorpusDocument = z.infer<typeof CorpusDocumentSchema>;

/** A source of documents that can be read more than once (a split fix-up may need a second pass). */
export interface Corpus {
  /** The spec it was opened from (`brown`, `text:PATH`, `hf:OWNER/NAME`, ...); recorded in meta.json. */
  spec: string;
  /** Number of documents when known in advance (for a progress bar), else undefined. */
  documentCount?: number;
  documents(): AsyncIterable<CorpusDocument>;
}
