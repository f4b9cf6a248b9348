/**
 * @module The portable export: a folder with `manifest.json`, `llm-calls.json` and one design
 * folder per design (`design.json` + `units/*.py`, as everywhere) holding its store records as
 * JSON files beside it. Written deterministically, so exporting an import gives the same bytes.
 */
import { z } from 'zod';
import { BaselineRecordSchema } from '../../verify/index.js';
import { BudgetRowSchema } from '../budgets.js';
import { DesignRowSchema } from '../designs.js';
import { ImplementationAttemptRowSchema, ProposalRowSchema, ReviewRowSchema } from '../design-records.js';
import { EvolutionRowSchema } from '../evolutions.js';
import { LlmCallRowSchema } from '../llm-calls.js';
import { VerificationRowSchema } from '../verifications.js';

export const EXPORT_FORMAT = 'genesys-ts/export@1';

export const ManifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  schemaVersion: z.number().int(),
  evolutions: z.array(EvolutionRowSchema),
  /** Design id → folder relative to the export root, in creation order. */
  designs: z.array(z.object({ id: z.string(), evolution: z.string(), name: z.string(), folder: z.string() })),
  budgets: z.array(BudgetRowSchema),
  /** The untrained baselines of the ladders the verifications used. */
  baselines: z.array(BaselineRecordSchema).default([]),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** `store.json` in a design folder: the design row without the document (that is design.json). */
export const DesignEntrySchema = DesignRowSchema.omit({ design: true });
/** Verification rows without the columns the importer recomputes from the record. */
export const VerificationEntrySchema = VerificationRowSchema.pick({ id: true, ladder: true, scale: true, record: true, artifacts: true, createdAt: true, updatedAt: true });
export type VerificationEntry = z.infer<typeof VerificationEntrySchema>;

export const DesignFilesSchema = z.object({
  store: DesignEntrySchema,
  verifications: z.array(VerificationEntrySchema),
  proposals: z.array(ProposalRowSchema),
  reviews: z.array(ReviewRowSchema),
  implementationAttempts: z.array(ImplementationAttemptRowSchema),
});
export type DesignFiles = z.infer<typeof DesignFilesSchema>;

/** The JSON files of a design folder, by key of DesignFilesSchema. */
export const DESIGN_FILES: Record<keyof DesignFiles, string> = {
  store: 'store.json',
  verifications: 'verifications.json',
  proposals: 'proposals.json',
  reviews: 'reviews.json',
  implementationAttempts: 'implementation-attempts.json',
};

export const LLM_CALLS_FILE = 'llm-calls.json';
export const LlmCallsFileSchema = z.array(LlmCallRowSchema);

/** A folder-safe version of a name (kept readable; the manifest maps ids to folders). */
export function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}
