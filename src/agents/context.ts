/**
 * @module The shared context blocks of prompts: parents with their metrics, the population (to
 * avoid duplicates), reference designs, and a proposal as the later agents see it.
 */
import type { Design } from '../core/design.js';
import { renderDesign } from './design-view.js';

export type DesignMode = 'mutation' | 'crossover' | 'scratch';

export interface ParentView {
  design: Design;
  description: string;
  fitness: number | null;
  metrics: Record<string, number>;
}

export interface PopulationView {
  name: string;
  description: string;
}

export interface ProposalView {
  title: string;
  abstract: string;
  text: string;
  /** The parent unit the mutation rewrites. */
  selection: string | null;
  review: string | null;
  rating: number | null;
}

/** At most this many population entries go into a prompt (the newest), to bound its size. */
export const POPULATION_LIMIT = 40;

function metricsLine(parent: ParentView): string {
  const metrics = Object.entries(parent.metrics).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key} = ${Number(value.toPrecision(4))}`);
  const fitness = parent.fitness === null ? 'not rated yet' : parent.fitness.toFixed(3);
  return `Fitness (rating among the population, higher is better): ${fitness}.${metrics.length > 0 ? ` Measurements: ${metrics.join(', ')}.` : ' No measurements yet.'}`;
}

/** The parents: each with description, metrics and the full design (code included when `code`). */
export function renderParents(parents: ParentView[], options: { code: boolean }): string {
  if (parents.length === 0) return 'There is no parent design: this design starts from scratch.';
  return parents.map((parent, index) => [
    `# Parent ${index + 1}: ${parent.design.name}`,
    '',
    parent.description.trim() || '(no description)',
    '',
    metricsLine(parent),
    '',
    renderDesign(parent.design, { code: options.code, level: 2 }),
  ].join('\n')).join('\n\n');
}

export function renderPopulation(population: PopulationView[]): string {
  if (population.length === 0) return 'The population has no other designs yet.';
  const shown = population.slice(-POPULATION_LIMIT);
  const lines = shown.map((entry) => `- ${entry.name}: ${entry.description.trim().split('\n')[0] || '(no description)'}`);
  const more = population.length > shown.length ? `\n(${population.length - shown.length} older designs not shown)` : '';
  return `Designs already in the population (do not repeat them):\n${lines.join('\n')}${more}`;
}

/** Reference designs by name and summary, without code. */
export function renderReferences(references: Design[]): string {
  if (references.length === 0) return 'No reference designs.';
  return references.map((design) => {
    const summary = String(design.metadata.summary ?? design.metadata.title ?? design.units[design.root]?.description ?? '').trim();
    return `- ${design.name} (root ${design.root}; units ${Object.keys(design.units).join(', ')}): ${summary || '(no summary)'}`;
  }).join('\n');
}

export function renderProposal(proposal: ProposalView): string {
  const parts = [`# Proposal: ${proposal.title}`, '', `Abstract: ${proposal.abstract.trim()}`];
  if (proposal.selection) parts.push('', `Unit to rewrite in the parent: ${proposal.selection}`);
  parts.push('', proposal.text.trim());
  if (proposal.review) parts.push('', `# Review (rating ${proposal.rating ?? '-'} of 5)`, '', proposal.review.trim());
  return parts.join('\n');
}

export const MODE_TASKS: Record<DesignMode, string> = {
  mutation: 'Improve the parent design by rewriting exactly one of its units, the selection. The new unit may ' +
    'declare new child units or reuse the parent\'s units as children; every other unit of the parent stays as it is. ' +
    'The change should be local but substantial enough to matter.',
  crossover: 'Combine the parent designs into one new design that keeps what makes each of them strong and ' +
    'fixes what holds them back. Units of the parents can be reused or adapted.',
  scratch: 'Design a new block from first principles. The reference designs show what exists; do not copy one.',
};
