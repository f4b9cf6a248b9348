/**
 * @module A Cytoscape.js graph in a React element. The instance is handed to the page (`onReady`)
 * so it can restyle without redrawing; new elements keep the user's zoom and pan.
 */
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type StylesheetJson } from 'cytoscape';
import { useEffect, useRef } from 'react';

interface GraphProps {
  elements: ElementDefinition[];
  stylesheet: StylesheetJson;
  layout: LayoutOptions;
  onTapNode?: (id: string) => void;
  onHoverNode?: (id: string | null) => void;
  onReady?: (cy: Core) => void;
  className?: string;
  label: string;
  /** Cytoscape options for big graphs: fewer redraw costs while panning. */
  large?: boolean;
}

export function Graph(props: GraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const viewport = useRef<{ zoom: number; pan: cytoscape.Position } | null>(null);
  const handlers = useRef(props);
  handlers.current = props;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    element.dataset.ready = 'false';
    const cy = cytoscape({
      container: element,
      elements: props.elements,
      style: props.stylesheet,
      layout: props.layout,
      minZoom: 0.02,
      maxZoom: 4,
      ...(props.large ? { textureOnViewport: true, hideEdgesOnViewport: true, pixelRatio: 1, autoungrabify: true, autounselectify: true, boxSelectionEnabled: false } : {}),
    });
    if (viewport.current) cy.viewport(viewport.current);
    cy.on('tap', 'node', (event) => handlers.current.onTapNode?.(event.target.id()));
    cy.on('mouseover', 'node', (event) => handlers.current.onHoverNode?.(event.target.id()));
    cy.on('mouseout', 'node', () => handlers.current.onHoverNode?.(null));
    cy.on('viewport', () => { viewport.current = { zoom: cy.zoom(), pan: { ...cy.pan() } }; });
    // Marked once the first frame is drawn: tests and the benchmark wait for it.
    cy.one('render', () => { element.dataset.ready = 'true'; });
    handlers.current.onReady?.(cy);
    return () => cy.destroy();
  }, [props.elements, props.stylesheet, props.layout, props.large]);
  return <div className={`graph ${props.className ?? ''}`} ref={container} aria-label={props.label} role="img" data-ready="false" />;
}
