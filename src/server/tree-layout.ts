/**
 * @module Positions for the phylogenetic tree, computed once on the server so the browser only
 * draws: a design's generation is one more than its deepest parent's (seeds are 0), and within a
 * generation designs sit near the mean position of their parents (one barycentre sweep), spread
 * to at least one slot apart. Linear in the designs plus a sort per generation, so 2,000 designs
 * lay out in milliseconds.
 */

export interface LayoutInput {
  /** Designs in creation order. */
  ids: string[];
  /** Parent ids of each design (parents outside `ids` are ignored). */
  parents: Map<string, string[]>;
}

export interface LayoutPosition {
  generation: number;
  /** Position across the generation, in slots (one slot = the gap between neighbours). */
  slot: number;
}

function generations(input: LayoutInput): Map<string, number> {
  const known = new Set(input.ids);
  const generation = new Map<string, number>();
  const pending = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of input.ids) {
    const parents = (input.parents.get(id) ?? []).filter((parent) => known.has(parent) && parent !== id);
    pending.set(id, parents.length);
    for (const parent of parents) {
      const list = children.get(parent) ?? [];
      list.push(id);
      children.set(parent, list);
    }
  }
  const ready = input.ids.filter((id) => pending.get(id) === 0);
  for (const id of ready) generation.set(id, 0);
  for (let index = 0; index < ready.length; index += 1) {
    const id = ready[index]!;
    for (const child of children.get(id) ?? []) {
      generation.set(child, Math.max(generation.get(child) ?? 0, generation.get(id)! + 1));
      pending.set(child, pending.get(child)! - 1);
      if (pending.get(child) === 0) ready.push(child);
    }
  }
  // A cycle cannot come from the store's tree; should one appear, its designs start a generation 0.
  for (const id of input.ids) if (!generation.has(id)) generation.set(id, 0);
  return generation;
}

/** Generation and slot of every design. */
export function layoutTree(input: LayoutInput): Map<string, LayoutPosition> {
  const generation = generations(input);
  const order = new Map(input.ids.map((id, index) => [id, index]));
  const layers: string[][] = [];
  for (const id of input.ids) (layers[generation.get(id)!] ??= []).push(id);
  const slot = new Map<string, number>();
  for (const layer of layers) {
    if (!layer) continue;
    const wanted = new Map(layer.map((id) => {
      const placed = (input.parents.get(id) ?? []).filter((parent) => slot.has(parent)).map((parent) => slot.get(parent)!);
      return [id, placed.length > 0 ? placed.reduce((sum, value) => sum + value, 0) / placed.length : order.get(id)!];
    }));
    const sorted = [...layer].sort((a, b) => wanted.get(a)! - wanted.get(b)! || order.get(a)! - order.get(b)!);
    const spread: number[] = [];
    for (const [index, id] of sorted.entries()) spread.push(index === 0 ? wanted.get(id)! : Math.max(wanted.get(id)!, spread[index - 1]! + 1));
    // Spreading pushes designs one way only; centring the layer on its wanted positions undoes that drift.
    const shift = (sorted.reduce((sum, id) => sum + wanted.get(id)!, 0) - spread.reduce((sum, value) => sum + value, 0)) / sorted.length;
    sorted.forEach((id, index) => slot.set(id, spread[index]! + shift));
  }
  return new Map(input.ids.map((id) => [id, { generation: generation.get(id)!, slot: slot.get(id)! }]));
}
