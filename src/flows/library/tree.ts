/**
 * @module Walking a design's unit DAG: reachability, parents of a unit, subtrees, and dropping units
 * nothing reaches any more after an edit.
 */
import type { Design } from '../../core/design.js';

/** Units reachable from `start` (default: the root), depth-first in declaration order, each once; `skip` is not entered. */
export function reachable(design: Design, start: string = design.root, skip?: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || name === skip || !design.units[name]) return;
    seen.add(name);
    order.push(name);
    for (const child of design.units[name]!.children) visit(child);
  };
  visit(start);
  return order;
}

/** Units that list `unit` among their children. */
export function parentsOf(design: Design, unit: string): string[] {
  return Object.values(design.units).filter((candidate) => candidate.children.includes(unit)).map((candidate) => candidate.name);
}

/** The design without units the root no longer reaches, and without declarations of children nobody has. */
export function collectGarbage(design: Design): Design {
  const live = new Set(reachable(design));
  const children = new Set([...live].flatMap((name) => design.units[name]!.children));
  const roles = (design.metadata.roles ?? {}) as Record<string, string>;
  const wrappers = (design.metadata.wrappers ?? {}) as Record<string, unknown>;
  return {
    ...design,
    units: Object.fromEntries(Object.entries(design.units).filter(([name]) => live.has(name))),
    declares: Object.fromEntries(Object.entries(design.declares).filter(([name]) => children.has(name))),
    metadata: {
      ...design.metadata,
      roles: Object.fromEntries(Object.entries(roles).filter(([name]) => live.has(name))),
      wrappers: Object.fromEntries(Object.entries(wrappers).filter(([name]) => live.has(name))),
    },
  };
}
