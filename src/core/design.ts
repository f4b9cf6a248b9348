/**
 * @module The portable design format: a GAU tree as JSON.
 *
 * A design is a DAG of units reached from `root`. Each unit is one Python unit file
 * (class, `@gau_test` tests, `CHILDREN_DECLARATIONS`). On disk a design is a folder with
 * `design.json` plus `units/<Unit>.py`; in memory and over the worker protocol the code
 * is inlined. The Python mirror is `python/genesys_rt/design.py`.
 */
import { z } from 'zod';

/** A JSON literal, or a Python expression kept as source (`{"__expr__": "F.silu"}`). */
export const ArgValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(ArgValueSchema),
    z.object({ __expr__: z.string() }).strict(),
    z.record(z.string(), ArgValueSchema),
  ]),
);

export const UnitDeclSchema = z.object({
  unitname: z.string().min(1),
  requirements: z.string().default(''),
  inputs: z.array(z.string()).default(['X']),
  outputs: z.array(z.string()).default(['Y']),
});
export type UnitDecl = z.infer<typeof UnitDeclSchema>;

export const UnitSchema = z.object({
  name: z.string().min(1).describe('Class name of the unit; unique within the design'),
  code: z.string().describe('The whole unit file: class, tests and CHILDREN_DECLARATIONS'),
  children: z.array(z.string()).default([]).describe('Child unit names, in declaration order'),
  args: z.record(z.string(), ArgValueSchema).default({}).describe('Constructor arguments beyond the required ones, with their defaults'),
  document: z.string().default('').describe('The class docstring'),
  inputs: z.array(z.string()).default(['X']),
  outputs: z.array(z.string()).default(['Y']),
  reuseFrom: z.string().nullable().default(null).describe('"<design>.<Unit>" when copied from another design'),
  rating: z.number().nullable().default(null),
  description: z.string().default(''),
});
export type Unit = z.infer<typeof UnitSchema>;

export const DESIGN_FORMAT = 'genesys-ts/design@1';

export const DesignSchema = z.object({
  format: z.literal(DESIGN_FORMAT).default(DESIGN_FORMAT),
  name: z.string().min(1),
  root: z.string().min(1),
  units: z.record(z.string(), UnitSchema),
  declares: z.record(z.string(), UnitDeclSchema).default({}).describe('Declarations of children, including unimplemented ones'),
  args: z.record(z.string(), ArgValueSchema).default({}).describe('Design-level hyper-parameters passed to every unit as kwarg_all'),
  parents: z.array(z.string()).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type Design = z.infer<typeof DesignSchema>;

/** On disk, `design.json` stores each unit's code in `units/<Unit>.py` instead of inline. */
export const StoredUnitSchema = UnitSchema.omit({ code: true }).extend({ file: z.string() });
export const StoredDesignSchema = DesignSchema.extend({ units: z.record(z.string(), StoredUnitSchema) });
export type StoredDesign = z.infer<typeof StoredDesignSchema>;
