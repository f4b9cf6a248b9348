/** @module How numbers, money, sizes and times read on the dashboard. */

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 1e6) return formatCount(value);
  return value.toFixed(digits);
}

/** A measured score (bits per byte, loss, accuracy) with a fixed number of decimals. */
export function formatScore(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** 1234567 → 1.23M (parameters, tokens). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, suffix] of units) if (Math.abs(value) >= size) return `${(value / size).toPrecision(3)}${suffix}`;
  return String(Math.round(value));
}

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value < 10 ? `$${value.toFixed(value < 0.1 ? 4 : 2)}` : `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
}

/** A Massey rating: signed, in standard errors of the metrics. */
export function formatFitness(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
}

/** Seconds as `42 s`, `3 min`, `2.5 h`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  return `${formatSeconds(seconds)} ago`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
