/**
 * @module The static analyzer's result for one unit file (python/genesys_rt/analyze.py), parsed at the boundary.
 */
import { z } from 'zod';
import { ArgValueSchema, UnitDeclSchema } from '../core/design.js';

const FindingSchema = z.object({
  code: z.string(),
  message: z.string(),
  line: z.number().nullable().optional(),
  col: z.number().nullable().optional(),
});

export const UnitAnalysisSchema = z.object({
  ok: z.boolean(),
  fatal: z.boolean(),
  unitName: z.string().nullable(),
  docstring: z.string().nullable(),
  args: z.record(z.string(), ArgValueSchema),
  declaredChildren: z.array(UnitDeclSchema.extend({ line: z.number().nullable().optional() })),
  instantiatedChildren: z.array(z.object({ name: z.string(), attr: z.string().nullable().optional(), line: z.number().nullable().optional() }).passthrough()),
  tests: z.array(z.object({ name: z.string(), line: z.number() }).passthrough()),
  errors: z.array(FindingSchema),
  warnings: z.array(FindingSchema),
}).passthrough();
export type UnitAnalysis = z.infer<typeof UnitAnalysisSchema>;
