/**
 * @module Verify selection: which designs to verify next, and at which scale.
 *
 * Every valid design is verified at the lowest scale (oldest first: the population's census).
 * Promotions go up one scale at a time, to designs verified (ok) at every lower scale, drawn from
 * the low-confidence quadrants — good ones (exploit) or, with a small probability, poor ones
 * (explore) — best first. Promotions come before new designs when both have budget, because they
 * are rarer and decide what the high-confidence parents will be.
 */
import type { Ranking } from './fitness.js';
import type { Rng } from './rng.js';
import type { SelectionOptions } from './selection-options.js';

export interface VerifyState {
  /** Valid designs, oldest first. */
  designIds: string[];
  /** Scale names in ladder order. */
  scales: string[];
  /** `<designId>:<scale>` → status of the stored verification (ok, failed, …). */
  verified: Map<string, string>;
  /** `<designId>:<scale>` of verifications queued or running. */
  running: Set<string>;
  /** Verifications each scale may start now (see ladder-budget). */
  available: Map<string, number>;
}

export interface VerifyChoice {
  designId: string;
  scale: string;
  reason: string;
}

export function selectVerifications(state: VerifyState, ranking: Ranking, options: SelectionOptions, rng: Rng, limit: number): VerifyChoice[] {
  const choices: VerifyChoice[] = [];
  const key = (designId: string, scale: string) => `${designId}:${scale}`;
  const untouched = (designId: string, scale: string) => !state.verified.has(key(designId, scale)) && !state.running.has(key(designId, scale));
  for (let level = state.scales.length - 1; level >= 1 && choices.length < limit; level -= 1) {
    const scale = state.scales[level]!;
    let slots = Math.min(state.available.get(scale) ?? 0, limit - choices.length);
    const candidates = new Set(state.designIds.filter((id) => untouched(id, scale)
      && state.scales.slice(0, level).every((lower) => state.verified.get(key(id, lower)) === 'ok')));
    const ranked = ranking.designs.filter((design) => design.fitness !== null && candidates.has(design.designId));
    while (slots > 0 && ranked.length > 0) {
      let pick: number;
      let reason: string;
      if (options.strategy === 'random') {
        pick = rng.int(ranked.length);
        reason = 'random';
      } else {
        const explore = rng.next() < options.exploreProbability;
        const half = explore ? 'poor' : 'good';
        const inQuadrant = ranked.findIndex((design) => design.quadrant === `${half}-low`);
        const inHalf = ranked.findIndex((design) => design.quadrant?.startsWith(half));
        pick = inQuadrant >= 0 ? inQuadrant : inHalf >= 0 ? inHalf : 0;
        reason = `promotion: ${explore ? 'explore' : 'exploit'} ${inQuadrant >= 0 ? `${half}-low` : inHalf >= 0 ? half : 'best available'}`;
      }
      const [chosen] = ranked.splice(pick, 1);
      choices.push({ designId: chosen!.designId, scale, reason });
      slots -= 1;
    }
  }
  const lowest = state.scales[0]!;
  const fresh = state.designIds.filter((id) => untouched(id, lowest));
  const slots = Math.min(state.available.get(lowest) ?? 0, limit - choices.length, fresh.length);
  for (const designId of fresh.slice(0, slots)) choices.push({ designId, scale: lowest, reason: 'new design: first scale' });
  return choices;
}
