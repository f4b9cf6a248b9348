/**
 * @module Line charts with uPlot (small and fast): series of `[x, y]` points on a shared x axis,
 * sized to their container and redrawn when it resizes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  points: [number, number][];
  color: string;
  dashed?: boolean;
}

/** One x column (the union of all series' x) and a y column per series, null where a series has no point. */
function align(series: ChartSeries[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((entry) => entry.points.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, position) => [x, position]));
  const columns = series.map((entry) => {
    const column: (number | null)[] = new Array(xs.length).fill(null);
    for (const [x, y] of entry.points) column[index.get(x)!] = y;
    return column;
  });
  return [xs, ...columns] as uPlot.AlignedData;
}

export function LineChart({ series, xLabel, yLabel, height = 240 }: { series: ChartSeries[]; xLabel: string; yLabel: string; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = new uPlot({
      width: Math.max(element.clientWidth, 200),
      height,
      scales: { x: { time: false } },
      axes: [{ label: xLabel }, { label: yLabel }],
      series: [
        { label: xLabel },
        ...series.map((entry) => ({ label: entry.label, stroke: entry.color, width: 2, spanGaps: true, dash: entry.dashed ? [6, 4] : undefined })),
      ],
    }, align(series), element);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [series, xLabel, yLabel, height]);
  return <div className="line-chart" ref={container} />;
}
