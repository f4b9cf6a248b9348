/**
 * @module The edits of the library designer on a GAU tree, each returning a new design and a
 * record of what changed: graft a unit (with its subtree) from a donor into a slot, set a
 * hyper-parameter, wrap a unit in an optional part, remove such a wrapper. Code changes are AST
 * renames only (see rename-code), so the units' own code is never rewritten by text substitution.
 */
import type { Design, Unit, UnitDecl } from '../../core/design.js';
import type { Part } from './parts.js';
import { renameInCode } from './rename-code.js';
import { collectGarbage, parentsOf, reachable } from './tree.js';
import { unitRoles, type Role } from './unit-roles.js';

export type Change =
  | { kind: 'replace'; role: Role; from: string; to: string; donor: string; document: string }
  | { kind: 'set-arg'; name: string; from: unknown; to: unknown }
  | { kind: 'wrap'; part: string; unit: string; role: Role; document: string }
  | { kind: 'unwrap'; part: string; unit: string };

export interface Edit {
  design: Design;
  changes: Change[];
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

function declFor(unit: Unit, name: string, fallback?: UnitDecl): UnitDecl {
  return { unitname: name, requirements: fallback?.requirements ?? unit.document.split('\n')[0] ?? '', inputs: fallback?.inputs ?? unit.inputs, outputs: fallback?.outputs ?? unit.outputs };
}

/** Points every parent of `from` at `to` instead (code and children lists). */
async function redirect(units: Record<string, Unit>, from: string, to: string, parents: string[]): Promise<void> {
  const codes = await renameInCode(parents.map((name) => ({ code: units[name]!.code, renames: [[from, to]] })));
  parents.forEach((name, index) => {
    const unit = units[name]!;
    units[name] = { ...unit, code: codes[index]!, children: [...new Set(unit.children.map((child) => (child === from ? to : child)))] };
  });
}

/**
 * Replaces the unit `slot` (everywhere it is used) by `donorRoot` of `donor` with the donor's
 * subtree. Donor units that clash by name with a unit the design keeps are renamed, unless they
 * are the same code (then the design's unit is shared).
 */
export async function graft(design: Design, slot: string, donor: Design, donorRoot: string): Promise<Edit> {
  const roles = unitRoles(design);
  const donorRoles = unitRoles(donor);
  const kept = new Set(reachable(design, design.root, slot));
  const incoming = reachable(donor, donorRoot).filter((name) => !(kept.has(name) && design.units[name]!.code === donor.units[name]!.code));
  const taken = new Set([...kept]);
  const renames = new Map<string, string>();
  for (const name of incoming) {
    const target = uniqueName(name, taken);
    taken.add(target);
    renames.set(name, target);
  }
  const newRoot = renames.get(donorRoot) ?? donorRoot;
  const renamedCodes = await renameInCode(incoming.map((name) => ({ code: donor.units[name]!.code, renames: [...renames].filter(([from, to]) => from !== to) })));
  const units: Record<string, Unit> = { ...design.units };
  delete units[slot];
  const declares: Record<string, UnitDecl> = { ...design.declares };
  const metadataRoles: Record<string, string> = { ...roles };
  incoming.forEach((name, index) => {
    const unit = donor.units[name]!;
    const target = renames.get(name)!;
    units[target] = {
      ...unit,
      name: target,
      code: renamedCodes[index]!,
      children: unit.children.map((child) => renames.get(child) ?? child),
      reuseFrom: unit.reuseFrom ?? `${donor.name}.${name}`,
    };
    for (const child of unit.children) {
      const childName = renames.get(child) ?? child;
      declares[childName] ??= { ...(donor.declares[child] ?? declFor(donor.units[child]!, childName)), unitname: childName };
    }
    metadataRoles[target] = name === donorRoot ? roles[slot]! : donorRoles[name]!;
  });
  declares[newRoot] = declFor(donor.units[donorRoot]!, newRoot, donor.declares[donorRoot]);
  await redirect(units, slot, newRoot, parentsOf(design, slot).filter((parent) => parent !== slot));
  const args = { ...donor.args, ...design.args };
  const result = collectGarbage({ ...design, units, declares, args, metadata: { ...design.metadata, roles: metadataRoles } });
  return {
    design: result,
    changes: [{ kind: 'replace', role: roles[slot]!, from: slot, to: newRoot, donor: donor.name, document: donor.units[donorRoot]!.document }],
  };
}

/** Sets a design-level argument (passed to every unit; unit arguments carry unit-specific prefixes). */
export function setArg(design: Design, name: string, value: unknown, previous: unknown): Edit {
  return { design: { ...design, args: { ...design.args, [name]: value as Design['args'][string] } }, changes: [{ kind: 'set-arg', name, from: previous, to: value }] };
}

/** Puts wrapper `part` around `unit`: the wrapper's placeholder child becomes `unit`, and `unit`'s parents call the wrapper. */
export async function wrap(design: Design, unit: string, part: Extract<Part, { kind: 'wrapper' }>): Promise<Edit> {
  const roles = unitRoles(design);
  const name = uniqueName(`${part.unit}${unit}`, new Set(Object.keys(design.units)));
  const [code] = await renameInCode([{ code: part.code.code, renames: [[part.unit, name], [part.placeholder, unit]] }]);
  const units: Record<string, Unit> = { ...design.units, [name]: { ...part.code, name, code: code!, children: [unit] } };
  await redirect(units, unit, name, parentsOf(design, unit));
  const declares = { ...design.declares, [name]: declFor(part.code, name) };
  const metadata = {
    ...design.metadata,
    roles: { ...roles, [name]: 'wrapper' },
    wrappers: { ...((design.metadata.wrappers ?? {}) as Record<string, unknown>), [name]: { part: part.unit, inner: unit } },
  };
  return { design: { ...design, units, declares, metadata }, changes: [{ kind: 'wrap', part: part.unit, unit, role: roles[unit]!, document: part.code.document }] };
}

/** Removes a wrapper the designer added: its parents call the wrapped unit again. */
export async function unwrap(design: Design, wrapper: string): Promise<Edit> {
  const info = ((design.metadata.wrappers ?? {}) as Record<string, { part: string; inner: string }>)[wrapper];
  if (!info) throw new Error(`${wrapper} is not a wrapper of this design`);
  const units: Record<string, Unit> = { ...design.units };
  delete units[wrapper];
  await redirect(units, wrapper, info.inner, parentsOf(design, wrapper));
  return { design: collectGarbage({ ...design, units }), changes: [{ kind: 'unwrap', part: info.part, unit: info.inner }] };
}
