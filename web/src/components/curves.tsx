/** @module Training loss curves of several designs at one scale. */
import { useMemo } from 'react';
import type { ScoresComparison } from '../api/types.js';
import { SERIES_COLORS } from './colors.js';
import { LineChart, type ChartSeries } from './line-chart.js';
import { Empty } from './states.js';

export function TrainingCurves({ comparison, scale }: { comparison: ScoresComparison; scale: string }) {
  const series = useMemo<ChartSeries[]>(() => comparison.entries.flatMap((entry, index) => {
    const found = entry.scores.find((candidate) => candidate.scale === scale);
    if (!found || found.curve.length === 0) return [];
    return [{ label: `${entry.name} (${entry.role})`, points: found.curve, color: SERIES_COLORS[index % SERIES_COLORS.length]!, dashed: entry.role !== 'design' }];
  }), [comparison, scale]);
  if (series.length === 0) return <Empty>No training curve at {scale}.</Empty>;
  return <LineChart series={series} xLabel="step" yLabel="training loss" />;
}
