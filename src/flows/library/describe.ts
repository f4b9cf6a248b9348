/**
 * @module The readable account of a library-designed design: what changed from its parents,
 * written like a short proposal (the dashboard shows it where an LLM design shows its abstract).
 */
import type { DesignMode } from '../designer.js';
import type { Change } from './edits.js';

const ROLE_WORDS: Record<string, string> = {
  norm: 'normalisation', mixer: 'token mixer', mlp: 'channel MLP', position: 'position encoding', block: 'block', wrapper: 'wrapper', component: 'component',
};

function firstSentence(document: string): string {
  const text = document.replace(/\s+/g, ' ').trim();
  // A full stop ends the sentence unless it abbreviates ("et al.", "e.g.").
  const end = /(?<!\bal|\be\.g|\bi\.e)\.(\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

/** Successive settings of one argument read as one change. */
function mergeSettings(changes: Change[]): Change[] {
  const merged: Change[] = [];
  for (const change of changes) {
    const previous = merged[merged.length - 1];
    if (change.kind === 'set-arg' && previous?.kind === 'set-arg' && previous.name === change.name) merged[merged.length - 1] = { ...previous, to: change.to };
    else merged.push(change);
  }
  return merged;
}

function format(value: unknown): string {
  if (value && typeof value === 'object' && '__expr__' in value) return String((value as { __expr__: string }).__expr__);
  return typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : JSON.stringify(value);
}

function sentence(change: Change): string {
  switch (change.kind) {
    case 'replace': {
      const about = firstSentence(change.document);
      return `Replaced the ${ROLE_WORDS[change.role] ?? change.role} ${change.from} with ${change.to} from ${change.donor}${about ? ` (${about.replace(/\.$/, '')})` : ''}.`;
    }
    case 'set-arg':
      return `Set ${change.name} from ${format(change.from)} to ${format(change.to)}.`;
    case 'wrap': {
      const about = firstSentence(change.document);
      return `Wrapped the ${ROLE_WORDS[change.role] ?? change.role} ${change.unit} in ${change.part}${about ? `: ${about}` : '.'}`;
    }
    case 'unwrap':
      return `Removed the ${change.part} around ${change.unit}.`;
  }
}

/** A title and a paragraph for a new design. */
export function describeDesign(mode: DesignMode, parents: string[], changes: Change[]): { title: string; text: string } {
  const head = mode === 'scratch'
    ? `A new block assembled from library units, starting from the layout of ${parents[0] ?? 'a seed'}.`
    : mode === 'crossover'
      ? `Crossover of ${parents[0]} and ${parents[1]}: ${parents[0]} with parts of ${parents[1]}.`
      : `Mutation of ${parents[0]}.`;
  const main = changes.find((change) => change.kind !== 'set-arg') ?? changes[0];
  const title = !main ? `${parents[0]} (unchanged)`
    : main.kind === 'replace' ? `${parents[0]} with ${main.to}`
      : main.kind === 'wrap' ? `${parents[0]} with ${main.part} on ${main.unit}`
        : main.kind === 'unwrap' ? `${parents[0]} without ${main.part}`
          : `${parents[0]} with ${main.name} = ${format(main.to)}`;
  return { title, text: [head, ...mergeSettings(changes).map(sentence)].join(' ') };
}
