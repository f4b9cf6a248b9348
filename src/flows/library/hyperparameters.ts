/**
 * @module Which unit arguments the library designer mutates, and how: head sizes, expansion
 * ratios, kernel sizes, ranks, state sizes, biases. Recognised by name (unit arguments carry a
 * unit-specific prefix, e.g. `mha_head_dim`, `mlp_expansion`); chunk sizes and numerical
 * constants are left alone, since they change speed or stability rather than the model.
 */
import type { Design } from '../../core/design.js';
import type { Rng } from '../../evolution/rng.js';
import { reachable } from './tree.js';

export interface Tunable {
  name: string;
  current: number | boolean;
  /** The unit default when the design does not set it. */
  fallback: unknown;
  propose(rng: Rng): number | boolean | undefined;
}

/** A literal or a simple `a / b` expression kept as source (e.g. `8 / 3`). */
function numeric(value: unknown): number | boolean | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value && typeof value === 'object' && '__expr__' in value) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(String((value as { __expr__: string }).__expr__));
    if (match) return Number(match[1]) / Number(match[2]);
  }
  return undefined;
}

function choose(options: number[]) {
  return (current: number, rng: Rng) => {
    const others = options.filter((option) => option !== current);
    return others.length > 0 ? rng.pick(others) : undefined;
  };
}

const RULES: { pattern: RegExp; integer: boolean; propose(current: number, rng: Rng): number | undefined }[] = [
  { pattern: /head_dim$/, integer: true, propose: choose([16, 32, 64]) },
  { pattern: /num_heads$|n_heads$/, integer: true, propose: choose([2, 4, 8]) },
  { pattern: /(expansion|expand|_ratio|_mult)$/, integer: false, propose: (current, rng) => {
    const next = Math.round(current * rng.pick([0.5, 0.75, 1.25, 1.5, 2]) * 4) / 4;
    const clamped = Math.min(8, Math.max(0.5, next));
    return clamped === current ? undefined : clamped;
  } },
  { pattern: /kernel$/, integer: true, propose: choose([2, 3, 4, 5, 7]) },
  { pattern: /rank$/, integer: true, propose: (current, rng) => {
    const next = rng.next() < 0.5 ? current * 2 : current / 2;
    return next >= 4 && next <= 256 ? Math.round(next) : undefined;
  } },
  { pattern: /state_dim$/, integer: true, propose: choose([16, 32, 64, 128]) },
  { pattern: /mini_batch_size$/, integer: true, propose: choose([8, 16, 32]) },
  { pattern: /rotary_base$/, integer: false, propose: choose([1e3, 1e4, 1e5, 5e5]) },
];

/** The arguments of the design's units this designer can mutate, with their current values. */
export function tunables(design: Design): Tunable[] {
  const found = new Map<string, Tunable>();
  for (const unitName of reachable(design)) {
    for (const [name, fallback] of Object.entries(design.units[unitName]!.args)) {
      if (found.has(name)) continue;
      const current = numeric(name in design.args ? design.args[name] : fallback);
      if (current === undefined) continue;
      if (typeof current === 'boolean') {
        if (/bias$/.test(name)) found.set(name, { name, current, fallback, propose: () => !current });
        continue;
      }
      const rule = RULES.find((candidate) => candidate.pattern.test(name));
      if (!rule || (rule.integer && !Number.isInteger(current))) continue;
      found.set(name, { name, current, fallback, propose: (rng) => rule.propose(current, rng) });
    }
  }
  return [...found.values()];
}
