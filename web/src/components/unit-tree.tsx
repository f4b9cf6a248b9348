/**
 * @module A design's GAU tree: units from the root down (children declared but not implemented are
 * dashed); click a unit to select it. Compare colours units by how they changed.
 */
import type { ElementDefinition, LayoutOptions, StylesheetJson } from 'cytoscape';
import { useMemo } from 'react';
import type { DesignDetailResponse, UnitChange } from '../api/types.js';
import { Graph } from './graph.js';

type Design = DesignDetailResponse['design']['design'];

const STYLE: StylesheetJson = [
  { selector: 'node', style: {
    shape: 'round-rectangle', label: 'data(label)', 'text-valign': 'center', 'font-size': 11, width: 'label', height: 22, padding: '6px',
    'background-color': '#e8f0fb', 'border-width': 1, 'border-color': '#5b7fb5', color: '#1d2b3a',
  } },
  { selector: 'node.root', style: { 'border-width': 2, 'background-color': '#d2e3fa' } },
  { selector: 'node.declared', style: { 'border-style': 'dashed', 'background-color': '#fff', color: '#777' } },
  { selector: 'node.selected', style: { 'border-color': '#e07b00', 'border-width': 3 } },
  { selector: 'node.changed', style: { 'background-color': '#fff2cc', 'border-color': '#c79a00' } },
  { selector: 'node.added', style: { 'background-color': '#dff3e4', 'border-color': '#2e8540' } },
  { selector: 'node.removed', style: { 'background-color': '#fbe3e4', 'border-color': '#b3262e' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#9aa9bb', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#9aa9bb', 'curve-style': 'bezier' } },
];

export function UnitTree({ design, selected, onSelect, changes, label }: {
  design: Design;
  selected?: string;
  onSelect?: (unit: string) => void;
  changes?: Record<string, UnitChange>;
  label: string;
}) {
  const elements = useMemo<ElementDefinition[]>(() => {
    const nodes = new Map<string, ElementDefinition>();
    const edges: ElementDefinition[] = [];
    const visit = (name: string) => {
      if (nodes.has(name)) return;
      const unit = design.units[name];
      const classes = [name === design.root ? 'root' : '', unit ? '' : 'declared', changes?.[name] ?? '', name === selected ? 'selected' : ''];
      nodes.set(name, { data: { id: name, label: name }, classes: classes.filter(Boolean).join(' ') });
      for (const child of unit?.children ?? []) {
        edges.push({ data: { id: `${name}->${child}`, source: name, target: child } });
        visit(child);
      }
    };
    visit(design.root);
    return [...nodes.values(), ...edges];
  }, [design, selected, changes]);
  const layout = useMemo<LayoutOptions>(() => ({ name: 'breadthfirst', directed: true, roots: [design.root], spacingFactor: 1.1, padding: 12 }), [design.root]);
  return <Graph elements={elements} stylesheet={STYLE} layout={layout} label={label} className="unit-tree" onTapNode={onSelect} />;
}
