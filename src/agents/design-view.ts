/**
 * @module Designs as agents read them: the unit tree as an outline (unimplemented units marked),
 * then each unit's summary and, when asked, its code.
 */
import type { Design } from '../core/design.js';

export interface DesignViewOptions {
  /** Include every unit's code (default), none, or only the listed units'. */
  code?: boolean | string[];
  /** Heading level of the design title (2 → `##`). */
  level?: number;
}

function summary(design: Design, name: string): string {
  const unit = design.units[name];
  if (!unit) return design.declares[name]?.requirements || '(no description)';
  const text = unit.description || unit.document.split('\n')[0] || '';
  return text.trim() || '(no description)';
}

/** The tree from the root as an indented outline; a unit reached twice is expanded once. */
export function renderTree(design: Design): string {
  const lines: string[] = [];
  const expanded = new Set<string>();
  const visit = (name: string, depth: number): void => {
    const unit = design.units[name];
    const marks = [unit ? '' : ' (unimplemented)', unit?.rating != null ? ` (rated ${unit.rating}/5)` : '', unit?.reuseFrom ? ` (from ${unit.reuseFrom})` : ''].join('');
    const again = expanded.has(name) && (unit?.children.length ?? 0) > 0;
    lines.push(`${'  '.repeat(depth)}- ${name}${marks}${again ? ' (see above)' : ''}: ${summary(design, name)}`);
    if (!unit || again) return;
    expanded.add(name);
    for (const child of unit.children) visit(child, depth + 1);
  };
  visit(design.root, 0);
  return lines.join('\n');
}

/** A design as markdown: title, tree, then units (with code where asked). */
export function renderDesign(design: Design, options: DesignViewOptions = {}): string {
  const hashes = '#'.repeat(options.level ?? 2);
  const withCode = (name: string): boolean =>
    options.code === undefined || options.code === true || (Array.isArray(options.code) && options.code.includes(name));
  const parts = [`${hashes} Design \`${design.name}\` (root unit: ${design.root})`, '', renderTree(design)];
  for (const name of reachableUnits(design)) {
    const unit = design.units[name]!;
    parts.push('', `${hashes}# Unit ${name}`, '', unit.document.trim() || summary(design, name));
    if (withCode(name)) parts.push('', '```python', unit.code.trimEnd(), '```');
  }
  return parts.join('\n');
}

/** Implemented units reachable from the root, parents before children. */
export function reachableUnits(design: Design): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !design.units[name]) return;
    seen.add(name);
    order.push(name);
    for (const child of design.units[name]!.children) visit(child);
  };
  visit(design.root);
  return order;
}
