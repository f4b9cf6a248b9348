/**
 * @module The evolution tree: every design placed by generation (left to right) near its parents,
 * coloured by fitness; seeds are diamonds, failed verifications have a red ring. Filters dim the
 * designs that do not match; clicking a design opens it.
 */
import type { Core, ElementDefinition, LayoutOptions, StylesheetJson } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useScope } from '../api/scope.js';
import type { TreeNode, TreeResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { UNSCORED, VIRIDIS_GRADIENT, viridis } from '../components/colors.js';
import { formatFitness } from '../components/format.js';
import { Graph } from '../components/graph.js';
import { Empty, Loaded } from '../components/states.js';

const GENERATION_GAP = 180;
const SLOT_GAP = 34;

// Fitness is drawn in a few colour bands rather than one colour per design: elements sharing
// classes share computed styles, which keeps the first render of thousands of designs fast.
const BANDS = 10;
// Above this many designs names are left off the canvas (measuring thousands of labels is slow);
// hovering or searching shows them.
const LABEL_LIMIT = 400;

const STYLE: StylesheetJson = [
  { selector: 'node', style: { width: 16, height: 16, 'background-color': UNSCORED, 'border-width': 1, 'border-color': '#555' } },
  ...Array.from({ length: BANDS }, (_, band) => ({ selector: `node.band${band}`, style: { 'background-color': viridis(band / (BANDS - 1)) } })),
  { selector: 'node.named', style: { label: 'data(label)', 'font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#333', 'min-zoomed-font-size': 6 } },
  { selector: 'node.seed', style: { shape: 'diamond', width: 22, height: 22 } },
  { selector: 'node.failed', style: { 'border-color': '#c62828', 'border-width': 3 } },
  { selector: 'node.faded', style: { opacity: 0.12 } },
  { selector: 'node.focus', style: { 'border-color': '#e07b00', 'border-width': 4, width: 24, height: 24 } },
  { selector: 'edge', style: { 'curve-style': 'haystack', 'haystack-radius': 0, width: 1, 'line-color': '#a8b3c2', opacity: 0.7 } },
  { selector: 'edge.faded', style: { opacity: 0.05 } },
];

const LAYOUT: LayoutOptions = { name: 'preset', fit: true, padding: 30 };

function elementsOf(tree: TreeResponse): ElementDefinition[] {
  const scored = tree.nodes.map((node) => node.fitness).filter((value): value is number => value !== null);
  const [low, high] = [Math.min(...scored), Math.max(...scored)];
  const named = tree.nodes.length <= LABEL_LIMIT;
  const nodes: ElementDefinition[] = tree.nodes.map((node) => ({
    data: named ? { id: node.id, label: node.name } : { id: node.id },
    position: { x: node.generation * GENERATION_GAP, y: node.slot * SLOT_GAP },
    classes: [
      node.fitness === null ? '' : `band${Math.round((high > low ? (node.fitness - low) / (high - low) : 1) * (BANDS - 1))}`,
      named ? 'named' : '',
      node.origin === 'seed' ? 'seed' : '',
      node.status === 'failed' ? 'failed' : '',
    ].filter(Boolean).join(' '),
  }));
  const edges: ElementDefinition[] = tree.edges.map((edge, index) => ({ data: { id: `e${index}`, source: edge.source, target: edge.target } }));
  return [...nodes, ...edges];
}

function matches(node: TreeNode, scale: string, status: string): boolean {
  const atScale = scale === '' || node.scales.includes(scale) || node.failedScales.includes(scale);
  return atScale && (status === '' || node.status === status);
}

function TreeView({ tree }: { tree: TreeResponse }) {
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const [found, setFound] = useState<string | null>(null);
  const focus = found ?? params.get('focus');
  const [query, setQuery] = useState('');
  const [scale, setScale] = useState('');
  const [status, setStatus] = useState('');
  const [hovered, setHovered] = useState<string | null>(null);
  const cy = useRef<Core | null>(null);
  const [ready, setReady] = useState(0);
  const elements = useMemo(() => elementsOf(tree), [tree]);
  const byId = useMemo(() => new Map(tree.nodes.map((node) => [node.id, node])), [tree]);
  const styled = useRef(false);
  useEffect(() => {
    const graph = cy.current;
    // A fresh graph has nothing dimmed or focused: restyling thousands of elements would only cost time.
    if (!graph || (!styled.current && scale === '' && status === '' && !focus)) return;
    styled.current = true;
    graph.batch(() => {
      graph.nodes().forEach((element) => {
        const node = byId.get(element.id());
        element.toggleClass('faded', !node || !matches(node, scale, status));
        element.toggleClass('focus', element.id() === focus);
      });
      graph.edges().forEach((edge) => {
        edge.toggleClass('faded', edge.source().hasClass('faded') || edge.target().hasClass('faded'));
      });
    });
  }, [scale, status, byId, focus, ready]);
  useEffect(() => {
    // A focused design (searched, or ?focus= from its page) is centred at a readable zoom.
    const node = focus ? cy.current?.getElementById(focus) : undefined;
    if (!node || node.empty()) return;
    cy.current!.zoom(1.2);
    cy.current!.center(node);
  }, [focus, ready]);
  const search = (text: string) => {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return;
    const match = tree.nodes.find((node) => node.name.toLowerCase() === wanted) ?? tree.nodes.find((node) => node.name.toLowerCase().includes(wanted));
    setFound(match?.id ?? null);
  };
  const shown = tree.nodes.filter((node) => matches(node, scale, status)).length;
  const focused = focus ? byId.get(focus) : undefined;
  const hover = hovered ? byId.get(hovered) : focused;
  return (
    <>
      <div className="toolbar">
        <label>Scale{' '}
          <select value={scale} onChange={(event) => setScale(event.target.value)} aria-label="filter by scale">
            <option value="">all scales</option>
            {tree.scales.map((entry) => <option key={entry} value={entry}>{entry}</option>)}
          </select>
        </label>
        <label>Status{' '}
          <select value={status} onChange={(event) => setStatus(event.target.value)} aria-label="filter by status">
            <option value="">any status</option>
            <option value="verified">verified</option>
            <option value="failed">verification failed</option>
            <option value="unverified">not verified</option>
          </select>
        </label>
        <form onSubmit={(event) => { event.preventDefault(); search(query); }} role="search">
          <input type="text" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="find a design" aria-label="find a design" />
        </form>
        <span className="muted">{shown} of {tree.nodes.length} designs match · others are dimmed</span>
        <span className="legend">
          <span>worse</span><span className="legend-bar" style={{ background: VIRIDIS_GRADIENT }} /><span>better fitness</span>
          <span className="legend-swatch" style={{ background: UNSCORED }} /> no score
          <span className="legend-diamond" /> seed
          <span className="legend-ring" /> failed
        </span>
      </div>
      <div className="tree-wrap">
        <Graph elements={elements} stylesheet={STYLE} layout={LAYOUT} large label="evolution tree" className="evolution-tree"
          onTapNode={(id) => navigate(`/designs/${id}`)} onHoverNode={setHovered}
          onReady={(instance) => { cy.current = instance; setReady((count) => count + 1); }} />
        {hover && (
          <div className="tree-hover">
            <strong>{hover.name}</strong> <span className="muted">{hover.origin}, generation {hover.generation}</span>
            <div>fitness {formatFitness(hover.fitness)}{hover.rank !== null && ` · rank ${hover.rank}`}</div>
            <div>verified at {hover.scales.join(', ') || 'no scale'}{hover.failedScales.length > 0 && ` · failed at ${hover.failedScales.join(', ')}`}</div>
            {hover === focused && <Link href={`/designs/${hover.id}`}>Open {hover.name}</Link>}
          </div>
        )}
      </div>
      <p className="footnote">Fitness: {tree.fitnessMethod}. Generations run left to right; click a design to open it; scroll to zoom.</p>
    </>
  );
}

export default function TreePage() {
  const { scoped } = useScope();
  const tree = useApi<TreeResponse>(scoped('/api/tree'), ['designs', 'verifications']);
  return (
    <div data-page="tree" className="page-fill">
      <div className="page-title"><h1>Evolution tree</h1></div>
      <Loaded state={tree} what="the tree">
        {(data) => (data.nodes.length === 0 ? <Empty>No designs yet. Seeds and designs appear here as the evolution adds them.</Empty> : <TreeView tree={data} />)}
      </Loaded>
    </div>
  );
}
