/**
 * @module Declarations written as Python (`CHILDREN_DECLARATIONS = [UnitDecl(...)]`) read into `UnitDecl`s.
 */
import { UnitDeclSchema, type UnitDecl } from '../../core/design.js';
import type { PythonCall } from './python-literal.js';

/** The `UnitDecl(...)` calls of a parsed Python list; anything else in the list is ignored. */
export function declarationsFromPython(value: unknown): UnitDecl[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: Partial<PythonCall>) => {
    if (item?.__call__ !== 'UnitDecl') return [];
    const parsed = UnitDeclSchema.safeParse(item.kwargs);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Declarations by unit name. */
export function byUnitName(declarations: UnitDecl[]): Record<string, UnitDecl> {
  return Object.fromEntries(declarations.map((declaration) => [declaration.unitname, declaration]));
}
