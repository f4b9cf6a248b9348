/**
 * @module Which units two designs share, changed, or have alone: units are matched by name, and a
 * unit is the same only when both its code and its children are.
 */
import type { Design } from '../core/design.js';
import type { UnitDiff } from './api-types.js';

/** Units in the order of a depth-first walk from the root (the order they are composed in). */
function unitOrder(design: Design): string[] {
  const seen: string[] = [];
  const visit = (name: string) => {
    if (seen.includes(name) || !design.units[name]) return;
    seen.push(name);
    for (const child of design.units[name].children) visit(child);
  };
  visit(design.root);
  for (const name of Object.keys(design.units)) visit(name);
  return seen;
}

export function diffUnits(a: Design, b: Design): UnitDiff[] {
  const names = [...unitOrder(a), ...unitOrder(b).filter((name) => !a.units[name])];
  return names.map((name) => {
    const left = a.units[name];
    const right = b.units[name];
    const sideA = left ? { code: left.code, children: left.children } : null;
    const sideB = right ? { code: right.code, children: right.children } : null;
    if (!left) return { name, change: 'added', a: null, b: sideB };
    if (!right) return { name, change: 'removed', a: sideA, b: null };
    const same = left.code === right.code && left.children.join('\n') === right.children.join('\n');
    return { name, change: same ? 'same' : 'changed', a: sideA, b: sideB };
  });
}
