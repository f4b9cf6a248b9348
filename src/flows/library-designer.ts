/**
 * @module The offline library designer (no LLM; the embedded default): genetic programming over
 * GAU trees. A mutation swaps a unit for a compatible one from the seed library or the parts
 * library (same role, same interface), sets a hyper-parameter, or adds or removes an optional
 * wrapper; a crossover grafts a unit's subtree from the second parent into the first; scratch
 * assembles a block from library units on a seed's layout. Every offspring that is not a
 * duplicate (canonical tree hash) goes through the checker; a failed one is recorded and another
 * edit is tried, up to `maxAttempts`.
 */
import { DESIGN_FORMAT, type Design } from '../core/design.js';
import { createRng, type Rng } from '../evolution/rng.js';
import type { Designer, DesignRequest, ImplementationAttempt } from './designer.js';
import { canonicalHash } from './library/canonical-hash.js';
import { describeDesign } from './library/describe.js';
import { graft, setArg, unwrap, wrap, type Change, type Edit } from './library/edits.js';
import { tunables } from './library/hyperparameters.js';
import { loadParts, type Part } from './library/parts.js';
import { reachable } from './library/tree.js';
import { SWAPPABLE_ROLES, unitRoles, type Role } from './library/unit-roles.js';

export interface LibraryDesignerOptions {
  /** Offspring tried per request before giving up (each failed check costs one). */
  maxAttempts?: number;
}

type Operator = (design: Design, rng: Rng) => Promise<Edit | null>;

/** A one-unit design holding a part, so alternatives graft like any donor's unit. */
function partDonor(part: Part): Design {
  return { format: DESIGN_FORMAT, name: 'parts', root: part.unit, units: { [part.unit]: part.code }, declares: {}, args: {}, parents: [], metadata: {} };
}

function slotsByRole(design: Design, role: Role): string[] {
  const roles = unitRoles(design);
  return reachable(design).filter((name) => roles[name] === role);
}

export function createLibraryDesigner(options: LibraryDesignerOptions = {}): Designer {
  const maxAttempts = options.maxAttempts ?? 4;

  async function donorUnits(library: Design[], role: Role, excludeCode: string): Promise<{ donor: Design; unit: string }[]> {
    const fromSeeds = library.flatMap((donor) => slotsByRole(donor, role).map((unit) => ({ donor, unit })));
    const fromParts = (await loadParts()).filter((part) => part.kind === 'alternative' && part.role === role)
      .map((part) => ({ donor: partDonor(part), unit: part.unit }));
    const seen = new Set<string>([excludeCode]);
    return [...fromSeeds, ...fromParts].filter(({ donor, unit }) => {
      const code = donor.units[unit]!.code;
      if (seen.has(code)) return false;
      seen.add(code);
      return true;
    });
  }

  function operators(library: Design[]): Record<string, { weight: number; apply: Operator }> {
    return {
      swap: { weight: 3, apply: async (design, rng) => {
        const roles = SWAPPABLE_ROLES.filter((role) => slotsByRole(design, role).length > 0);
        if (roles.length === 0) return null;
        const slot = rng.pick(slotsByRole(design, rng.pick(roles)));
        const donors = await donorUnits(library, unitRoles(design)[slot]!, design.units[slot]!.code);
        if (donors.length === 0) return null;
        const { donor, unit } = rng.pick(donors);
        return graft(design, slot, donor, unit);
      } },
      arg: { weight: 3, apply: async (design, rng) => {
        const candidates = tunables(design);
        if (candidates.length === 0) return null;
        const tunable = rng.pick(candidates);
        const value = tunable.propose(rng);
        return value === undefined ? null : setArg(design, tunable.name, value, tunable.current);
      } },
      wrap: { weight: 1.5, apply: async (design, rng) => {
        const roles = unitRoles(design);
        const wrappers = (await loadParts()).filter((part): part is Extract<Part, { kind: 'wrapper' }> => part.kind === 'wrapper');
        const targets = reachable(design).flatMap((unit) => wrappers
          .filter((part) => part.wraps.includes(roles[unit] as 'mixer' | 'mlp') && !(`${part.unit}${unit}` in design.units))
          .map((part) => ({ unit, part })));
        if (targets.length === 0) return null;
        const { unit, part } = rng.pick(targets);
        return wrap(design, unit, part);
      } },
      unwrap: { weight: 1, apply: async (design, rng) => {
        const wrappers = Object.keys((design.metadata.wrappers ?? {}) as Record<string, unknown>).filter((name) => name in design.units);
        return wrappers.length === 0 ? null : unwrap(design, rng.pick(wrappers));
      } },
    };
  }

  async function mutate(design: Design, library: Design[], rng: Rng, steps: number): Promise<Edit | null> {
    const all = operators(library);
    let current: Edit = { design, changes: [] };
    for (let step = 0; step < steps; step += 1) {
      const names = Object.keys(all);
      let applied: Edit | null = null;
      // Try operators in a random weighted order until one applies.
      while (names.length > 0 && !applied) {
        const index = rng.weighted(names.map((name) => all[name]!.weight));
        const [name] = names.splice(index, 1);
        applied = await all[name!]!.apply(current.design, rng);
      }
      if (!applied) break;
      current = { design: applied.design, changes: [...current.changes, ...applied.changes] };
    }
    return current.changes.length > 0 ? current : null;
  }

  async function crossover(first: Design, second: Design, library: Design[], rng: Rng): Promise<Edit | null> {
    const secondRoles = unitRoles(second);
    const pairs = SWAPPABLE_ROLES.flatMap((role) => slotsByRole(first, role).flatMap((slot) => reachable(second)
      .filter((unit) => secondRoles[unit] === role && second.units[unit]!.code !== first.units[slot]!.code)
      .map((unit) => ({ slot, unit }))));
    if (pairs.length === 0) return mutate(first, library, rng, 1);
    const { slot, unit } = rng.pick(pairs);
    return graft(first, slot, second, unit);
  }

  async function scratch(library: Design[], rng: Rng): Promise<{ edit: Edit | null; skeleton: string }> {
    const skeleton = rng.pick(library);
    let current: Edit = { design: skeleton, changes: [] };
    const roots = skeleton.units[skeleton.root]!.children;
    for (const slot of roots) {
      const role = unitRoles(current.design)[slot];
      if (!role || !SWAPPABLE_ROLES.includes(role) || !(slot in current.design.units) || rng.next() < 0.3) continue;
      const donors = await donorUnits(library, role, current.design.units[slot]!.code);
      if (donors.length === 0) continue;
      const { donor, unit } = rng.pick(donors);
      const edit = await graft(current.design, slot, donor, unit);
      current = { design: edit.design, changes: [...current.changes, ...edit.changes] };
    }
    return { edit: current.changes.length > 0 ? current : await mutate(skeleton, library, rng, 2), skeleton: skeleton.name };
  }

  return {
    name: 'library',
    async design(request: DesignRequest) {
      const library = request.library;
      if (library.length === 0) return { status: 'rejected', reason: 'the library designer needs seed designs', attempts: [], proposal: null, costUsd: 0 };
      const known = new Map(request.population.map((entry) => [entry.canonicalHash, entry.name]));
      const attempts: ImplementationAttempt[] = [];
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        if (request.signal?.aborted) throw request.signal.reason;
        const rng = createRng('library-designer', request.seed, attempt);
        let edit: Edit | null;
        let parentNames = request.parents.map((parent) => parent.design.name);
        if (request.mode === 'scratch') {
          const made = await scratch(library, rng);
          edit = made.edit;
          parentNames = [made.skeleton];
        } else if (request.mode === 'crossover' && request.parents.length >= 2) {
          edit = await crossover(request.parents[0]!.design, request.parents[1]!.design, library, rng);
        } else {
          edit = await mutate(request.parents[0]!.design, library, rng, rng.next() < 0.3 ? 2 : 1);
        }
        if (!edit) {
          attempts.push({ unit: null, status: 'error', data: { attempt, reason: 'no edit applies to this parent' } });
          continue;
        }
        const { title, text } = describeDesign(request.mode, parentNames, edit.changes);
        const design: Design = {
          ...edit.design,
          name: request.name,
          parents: request.mode === 'scratch' ? [] : request.parents.map((parent) => parent.design.name),
          metadata: { ...edit.design.metadata, title, summary: text, roles: unitRoles(edit.design), designer: 'library', mode: request.mode, changes: edit.changes as Change[] },
        };
        const hash = canonicalHash(design);
        const duplicateOf = known.get(hash);
        if (duplicateOf) {
          attempts.push({ unit: null, status: 'rejected', data: { attempt, reason: `computes the same as ${duplicateOf}`, title } });
          continue;
        }
        known.set(hash, design.name);
        request.log?.(`checking ${design.name}: ${title}`);
        const report = await request.check(design);
        if (report.passed) {
          attempts.push({ unit: null, status: 'accepted', report, data: { attempt, title } });
          return { status: 'accepted', design, description: text, attempts, proposal: null, costUsd: 0 };
        }
        const firstError = report.checks.flatMap((check) => check.issues).find((issue) => issue.severity === 'error');
        attempts.push({ unit: firstError?.unit ?? null, status: 'rejected', report, data: { attempt, title, reason: firstError?.message ?? 'checker failed' } });
      }
      const reasons = attempts.map((attempt) => String(attempt.data.reason ?? attempt.status));
      return { status: 'rejected', reason: `no valid offspring in ${maxAttempts} attempts: ${reasons.join('; ')}`, attempts, proposal: null, costUsd: 0 };
    },
  };
}
