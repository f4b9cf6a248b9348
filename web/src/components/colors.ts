/** @module The fitness colour scale (viridis: dark purple = worst, yellow = best; readable for colour-blind eyes). */

const STOPS: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** The colour of `t` in [0, 1]. */
export function viridis(t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (STOPS.length - 1);
  const index = Math.min(STOPS.length - 2, Math.floor(position));
  const fraction = position - index;
  const [from, to] = [STOPS[index]!, STOPS[index + 1]!];
  const channel = (i: number) => Math.round(from[i]! + (to[i]! - from[i]!) * fraction).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** A CSS gradient of the same scale, for legends. */
export const VIRIDIS_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;

export const UNSCORED = '#c3c8cf';

/** Distinct colours for chart series. */
export const SERIES_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
