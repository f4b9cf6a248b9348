/**
 * @module Designers by name (the `--designer` flag and the evolution config's `designer`).
 */
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import type { Designer } from './designer.js';
import { createDirectDesigner } from './direct-designer.js';
import { createLibraryDesigner } from './library-designer.js';
import { createLlmDesigner } from './llm-designer.js';
import { llmDesignerOptions } from './llm/designer-config.js';

export interface DesignerContext {
  db: Db;
  /** The evolution config's `llm` section (models per role, limits). */
  llm: Record<string, unknown>;
  evolution: string;
}

type DesignerFactory = (context: DesignerContext) => Designer | Promise<Designer>;

const FACTORIES: Record<string, DesignerFactory> = {
  library: () => createLibraryDesigner(),
  llm: async (context) => createLlmDesigner(await llmDesignerOptions(context)),
  direct: async (context) => createDirectDesigner(await llmDesignerOptions(context)),
};

export const DESIGNER_NAMES = Object.keys(FACTORIES);

export async function createDesigner(name: string, context: DesignerContext): Promise<Designer> {
  const factory = FACTORIES[name];
  if (!factory) throw new InputError(`unknown designer ${name}`, { hint: `designers: ${Object.keys(FACTORIES).join(', ')}` });
  return factory(context);
}
