/**
 * @module Designers by name (the `--designer` flag and the evolution config's `designer`).
 */
import { InputError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import type { Designer } from './designer.js';
import { createDirectDesigner } from './direct-designer.js';
import { createLibraryDesigner } from './library-designer.js';
import { createLlmDesigner } from './llm-designer.js';
import { checkLlmDesignerConfig, llmDesignerOptions } from './llm/designer-config.js';

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

function factoryOf(name: string): DesignerFactory {
  const factory = FACTORIES[name];
  if (!factory) throw new InputError(`unknown designer ${name}`, { hint: `designers: ${DESIGNER_NAMES.join(', ')}` });
  return factory;
}

export async function createDesigner(name: string, context: DesignerContext): Promise<Designer> {
  return factoryOf(name)(context);
}

/**
 * Fails fast, before an evolution stores or plans anything, on settings that would fail every
 * design job: an unknown designer, an LLM role without a model, a missing key or base URL (in
 * `env`: null when design jobs run on other machines, whose environment holds the keys).
 */
export function checkDesignerSettings(name: string, llm: Record<string, unknown>, env: NodeJS.ProcessEnv | null): void {
  factoryOf(name);
  if (name === 'llm' || name === 'direct') checkLlmDesignerConfig(llm, env);
}
