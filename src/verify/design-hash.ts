/**
 * @module A content hash of a design: what it computes (units' code, tree, args), not its metadata.
 */
import { createHash } from 'node:crypto';
import type { Design } from '../core/design.js';

/** sha256 over the root, the units' code and children, declarations and design args, in sorted order. */
export function designHash(design: Design): string {
  const units = Object.keys(design.units).sort().map((name) => [name, design.units[name]!.code, design.units[name]!.children]);
  const declares = Object.keys(design.declares).sort().map((name) => [name, design.declares[name]]);
  const args = Object.keys(design.args).sort().map((name) => [name, design.args[name]]);
  return createHash('sha256').update(JSON.stringify([design.root, units, declares, args])).digest('hex');
}
