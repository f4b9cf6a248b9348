/**
 * @module A canonical hash of what a design computes, blind to unit names, comments and
 * docstrings: units are numbered in depth-first order from the root and every unit name in the
 * code becomes its number; design arguments equal to the unit's own default are dropped. Two
 * designs that differ only in names, prose, or in spelling out a default, hash the same — the
 * duplicate check of the library designer and of the loop.
 */
import { createHash } from 'node:crypto';
import type { Design } from '../../core/design.js';
import { reachable } from './tree.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Code without triple-quoted strings, comments and blank lines (prose does not change what a unit computes). */
function stripProse(code: string): string {
  return code
    .replace(/("""|''')[\s\S]*?\1/g, '')
    .split('\n')
    .map((line) => {
      let quote: string | null = null;
      for (let i = 0; i < line.length; i += 1) {
        const char = line[i]!;
        if (quote) {
          if (char === '\\') i += 1;
          else if (char === quote) quote = null;
        } else if (char === '"' || char === "'") quote = char;
        else if (char === '#') return line.slice(0, i).trimEnd();
      }
      return line.trimEnd();
    })
    .filter((line) => line.trim() !== '')
    .join('\n');
}

export function canonicalHash(design: Design): string {
  const order = reachable(design);
  const token = new Map(order.map((name, index) => [name, `__unit${index}__`]));
  // Longest names first, so a name containing another is replaced whole.
  const names = [...order].sort((a, b) => b.length - a.length);
  const pattern = names.length > 0 ? new RegExp(`\\b(${names.map(escapeRegExp).join('|')})\\b`, 'g') : null;
  const defaults = new Map<string, string>();
  for (const name of order) for (const [arg, value] of Object.entries(design.units[name]!.args)) defaults.set(arg, JSON.stringify(value));
  const units = order.map((name) => {
    const unit = design.units[name]!;
    const code = stripProse(unit.code);
    return [pattern ? code.replace(pattern, (match) => token.get(match)!) : code, unit.children.map((child) => token.get(child) ?? child)];
  });
  const args = Object.keys(design.args).sort()
    .filter((arg) => defaults.get(arg) !== JSON.stringify(design.args[arg]))
    .map((arg) => [arg, design.args[arg]]);
  return createHash('sha256').update(JSON.stringify([units, args])).digest('hex');
}
