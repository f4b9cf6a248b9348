/**
 * @module The report's plots as Vega-Lite specs, rendered headless to SVG (vega) and PNG (resvg):
 * best fitness over the run, held-out loss against parameters per design, designs against seeds.
 */
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PopulationSnapshot, Ranking } from '../evolution/index.js';

export interface Plot {
  name: string;
  svg: string;
  png: Buffer;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

async function render(name: string, spec: TopLevelSpec): Promise<Plot> {
  const view = new View(parse(compile({ config: { font: FONT, background: 'white' }, ...spec } as TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  return { name, svg, png: Buffer.from(png) };
}

/** Best held-out bpb at the first scale after each verification there, for the evolution's designs and its seeds. */
function progressRows(snapshot: PopulationSnapshot): { verification: number; bpb: number; best: number; series: string }[] {
  const first = snapshot.scales[0]!;
  const origin = new Map(snapshot.designs.map((row) => [row.id, row.origin]));
  const rows = snapshot.verifications.filter((row) => row.scale === first && row.status === 'ok' && row.heldOutBpb !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let bestSeed = Number.POSITIVE_INFINITY;
  let bestAll = Number.POSITIVE_INFINITY;
  return rows.flatMap((row, index) => {
    if (origin.get(row.designId) === 'seed') bestSeed = Math.min(bestSeed, row.heldOutBpb!);
    bestAll = Math.min(bestAll, row.heldOutBpb!);
    const points = [{ verification: index + 1, bpb: row.heldOutBpb!, best: bestAll, series: 'best of all designs' }];
    if (Number.isFinite(bestSeed)) points.push({ verification: index + 1, bpb: row.heldOutBpb!, best: bestSeed, series: 'best seed' });
    return points;
  });
}

export async function renderPlots(snapshot: PopulationSnapshot, ranking: Ranking): Promise<Plot[]> {
  const names = new Map(snapshot.designs.map((row) => [row.id, row]));
  const first = snapshot.scales[0]!;
  const points = snapshot.verifications.filter((row) => row.status === 'ok' && row.heldOutBpb !== null && row.params !== null).map((row) => ({
    design: names.get(row.designId)?.name ?? row.designId, scale: row.scale, bpb: row.heldOutBpb!, params: Number(row.params),
    kind: names.get(row.designId)?.origin === 'seed' ? 'seed' : 'discovered',
  }));
  const firstScale = snapshot.verifications.filter((row) => row.scale === first && row.status === 'ok' && row.heldOutBpb !== null)
    .map((row) => ({ design: names.get(row.designId)?.name ?? row.designId, bpb: row.heldOutBpb!, kind: names.get(row.designId)?.origin === 'seed' ? 'seed' : 'discovered', fitness: ranking.byId.get(row.designId)?.fitness ?? 0 }))
    .sort((a, b) => a.bpb - b.bpb);
  const shown = [...firstScale.filter((row) => row.kind === 'seed'), ...firstScale.filter((row) => row.kind !== 'seed').slice(0, 12)].sort((a, b) => a.bpb - b.bpb);
  return Promise.all([
    render('fitness-over-time', {
      title: `Best held-out bits per byte at ${first} over the run`,
      width: 520, height: 280,
      data: { values: progressRows(snapshot) },
      mark: { type: 'line', point: true, interpolate: 'step-after' },
      encoding: {
        x: { field: 'verification', type: 'quantitative', title: `verifications at ${first}` },
        y: { field: 'best', type: 'quantitative', title: 'best held-out bpb so far (lower is better)', scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null },
      },
    }),
    render('loss-vs-params', {
      title: 'Held-out bits per byte against parameters, per design and scale',
      width: 520, height: 320,
      data: { values: points },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x: { field: 'params', type: 'quantitative', title: 'parameters', scale: { type: 'log' } },
        y: { field: 'bpb', type: 'quantitative', title: 'held-out bpb', scale: { zero: false } },
        color: { field: 'scale', type: 'nominal' },
        shape: { field: 'kind', type: 'nominal', title: null },
        tooltip: [{ field: 'design' }, { field: 'bpb' }, { field: 'params' }],
      },
    }),
    render('designs-vs-seeds', {
      title: `Seeds and the best discovered designs at ${first}`,
      width: 520, height: { step: 18 },
      data: { values: shown },
      mark: 'bar',
      encoding: {
        y: { field: 'design', type: 'nominal', sort: { field: 'bpb', order: 'ascending' }, title: null },
        x: { field: 'bpb', type: 'quantitative', title: 'held-out bpb (lower is better)', scale: { zero: false } },
        color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['seed', 'discovered'], range: ['#9e9e9e', '#1f77b4'] } },
      },
    }),
  ]);
}
