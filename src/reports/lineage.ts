/**
 * @module The lineage of a design: its ancestors back to the seeds, each with what changed.
 */
import { formatFitness } from '../evolution/index.js';
import type { DesignRow } from '../store/index.js';

export interface LineageStep {
  name: string;
  origin: string;
  generation: number | null;
  description: string;
  parents: string[];
}

/** Ancestors of `designId`, breadth-first from the design itself, each once. */
export function lineageOf(designs: DesignRow[], designId: string): LineageStep[] {
  const byId = new Map(designs.map((row) => [row.id, row]));
  const steps: LineageStep[] = [];
  const seen = new Set<string>();
  const queue = [designId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const row = byId.get(id);
    if (!row || seen.has(id)) continue;
    seen.add(id);
    steps.push({ name: row.name, origin: row.origin, generation: row.generation, description: row.description, parents: row.parents.map((parent) => byId.get(parent)?.name ?? parent) });
    queue.push(...row.parents);
  }
  return steps;
}

export function lineageMarkdown(entries: { name: string; fitness: number | null; steps: LineageStep[] }[]): string {
  const out = ['# Lineage of the best designs', ''];
  for (const entry of entries) {
    out.push(`## ${entry.name}${entry.fitness === null ? '' : ` (fitness ${formatFitness(entry.fitness)})`}`, '');
    for (const step of entry.steps) {
      const from = step.parents.length > 0 ? ` ← ${step.parents.join(' × ')}` : '';
      out.push(`- **${step.name}** (${step.origin}${step.generation === null ? '' : `, generation ${step.generation}`})${from}: ${step.description || '–'}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
