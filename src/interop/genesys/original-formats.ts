/**
 * @module zod schemas of the original Genesys data formats we read and write: a row of the
 * extracted `designs.jsonl`, a `core/<seed>.json`, an `implementation.json` and a seed
 * folder's `units/metadata.yaml`. Unknown keys are dropped; what we keep is declared here.
 */
import { z } from 'zod';
import { ArgValueSchema, UnitDeclSchema } from '../../core/design.js';

/** `UnitSpec`: the unit's interface and docstring. */
export const OriginalSpecSchema = z.object({
  unitname: z.string().min(1),
  document: z.string().default(''),
  inputs: z.array(z.string()).default(['X']),
  outputs: z.array(z.string()).default(['Y']),
});
export type OriginalSpec = z.infer<typeof OriginalSpecSchema>;

/** The original stores specs and declarations as JSON strings inside the tree dict. */
function jsonString<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'not a JSON string' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const ArgsSchema = z.record(z.string(), ArgValueSchema).default({});
const GauTestsSchema = z.record(z.string(), z.string()).default({});
const optionalText = z.string().nullable().default(null);
const optionalNumber = z.number().nullable().default(null);

/** The per-unit fields shared by every source form. */
const UnitFieldsSchema = z.object({
  code: z.string(),
  children: z.array(z.string()).default([]),
  args: ArgsSchema,
  gautests: GauTestsSchema,
  desc: optionalText,
  rating: optionalNumber,
  requirements: optionalText,
  review: optionalText,
  suggestions: optionalText,
  reuse_from: optionalText,
});

/** A unit with its spec parsed: the common shape every source form is read into. */
export const OriginalUnitSchema = UnitFieldsSchema.extend({ spec: OriginalSpecSchema });
export type OriginalUnit = z.infer<typeof OriginalUnitSchema>;

export const DesignsRowSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullable().default(null),
  status: z.string().default('unknown'),
  mode: z.string().nullable().default(null),
  seed_ids: z.array(z.string()).default([]),
  sess_id: z.string().nullable().default(null),
  root: z.string().min(1),
  units: z.record(z.string(), OriginalUnitSchema),
  declares: z.record(z.string(), UnitDeclSchema).default({}),
  implementation_rating: optionalNumber,
  proposal: z
    .object({
      modelname: optionalText,
      variantname: optionalText,
      selection: z.unknown().default(null),
      rating: optionalNumber,
      passed: z.boolean().nullable().default(null),
      abstract: optionalText,
      text: optionalText,
    })
    .nullable()
    .default(null),
  verified_scales: z.array(z.string()).default([]),
  verifications: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type DesignsRow = z.infer<typeof DesignsRowSchema>;

export const SeedMetadataSchema = z.object({
  name: z.string().min(1),
  root: z.string().min(1),
  proposal: optionalText,
  review: optionalText,
  rating: optionalNumber,
  suggestions: optionalText,
});
export type SeedMetadata = z.infer<typeof SeedMetadataSchema>;

export const CoreSeedSchema = z.object({
  seed: z.string().min(1),
  name: z.string().min(1),
  root: z.string().min(1),
  metadata: SeedMetadataSchema,
  units: z.record(
    z.string(),
    UnitFieldsSchema.extend({ spec: OriginalSpecSchema, children_declarations_src: optionalText }),
  ),
  verifications: z.record(z.string(), z.unknown()).default({}),
});
export type CoreSeed = z.infer<typeof CoreSeedSchema>;

/** One `GAUNode.to_dict()`; `spec` is a JSON string there. */
export const TreeUnitSchema = UnitFieldsSchema.extend({
  spec: jsonString(OriginalSpecSchema),
  design_traces: z.unknown().default(null),
});

/** `implementation.json`: `{status, implementation: GAUTree.to_dict(), history}`. */
export const ImplementationFileSchema = z.object({
  status: z.string().default('unknown'),
  implementation: z.object({
    name: z.string().default(''),
    root: z.string().min(1),
    units: z.record(z.string(), TreeUnitSchema),
    declares: z.record(z.string(), jsonString(UnitDeclSchema)).default({}),
    proposal: optionalText,
    review: optionalText,
    rating: optionalNumber,
    suggestions: optionalText,
  }),
  history: z.array(z.unknown()).default([]),
});
export type ImplementationFile = z.infer<typeof ImplementationFileSchema>;
/** What `implementation.json` holds before the spec/declaration strings are parsed (for writing). */
export type ImplementationFileInput = z.input<typeof ImplementationFileSchema>;
