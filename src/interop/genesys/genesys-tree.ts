/**
 * @module The one in-between shape every original source form is read into before it
 * becomes a design folder: units keyed by class name with their original fields.
 */
import { z } from 'zod';
import { UnitDeclSchema } from '../../core/design.js';
import { OriginalUnitSchema } from './original-formats.js';

export const GenesysTreeSchema = z.object({
  name: z.string().min(1).describe('Design name: the row id, seed id or folder name'),
  root: z.string().min(1),
  units: z.record(z.string(), OriginalUnitSchema),
  declares: z.record(z.string(), UnitDeclSchema).default({}),
  parents: z.array(z.string()).default([]),
  status: z.string().default('unknown'),
  metadata: z.record(z.string(), z.unknown()).default({}).describe('What we keep of the original beyond the tree'),
  warnings: z.array(z.string()).default([]).describe('Problems met while reading the source'),
});
export type GenesysTree = z.infer<typeof GenesysTreeSchema>;
