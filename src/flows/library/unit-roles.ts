/**
 * @module What a unit does in its block (norm, token mixer, channel MLP, …): the compatibility
 * classes of unit swaps and grafts. Designs made by the library designer record roles in
 * `metadata.roles`; for other designs (seeds, imports, LLM designs) they are inferred from names
 * and position in the tree.
 */
import type { Design } from '../../core/design.js';
import { parentsOf } from './tree.js';

export type Role = 'block' | 'norm' | 'mixer' | 'mlp' | 'position' | 'wrapper' | 'component';

/** The roles a swap, a graft or a wrapper may target. */
export const SWAPPABLE_ROLES: readonly Role[] = ['norm', 'mixer', 'mlp'];

function inferRole(design: Design, name: string): Role {
  if (name === design.root) return 'block';
  if (/norm/i.test(name)) return 'norm';
  if (/mlp|ffn|feed_?forward|channel_?mix|glu/i.test(name)) return 'mlp';
  if (/rotary|rope|position/i.test(name)) return 'position';
  const wrappers = (design.metadata.wrappers ?? {}) as Record<string, unknown>;
  if (name in wrappers) return 'wrapper';
  // A direct child of the block (or of a wrapper around one) that is none of the above mixes tokens.
  const parents = parentsOf(design, name);
  if (parents.some((parent) => parent === design.root || (parent in wrappers && parentsOf(design, parent).includes(design.root)))) return 'mixer';
  return 'component';
}

/** Role of every unit of the design: recorded ones first, inferred for the rest. */
export function unitRoles(design: Design): Record<string, Role> {
  const recorded = (design.metadata.roles ?? {}) as Record<string, Role>;
  return Object.fromEntries(Object.keys(design.units).map((name) => [name, recorded[name] ?? inferRole(design, name)]));
}
