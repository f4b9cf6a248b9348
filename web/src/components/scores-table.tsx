/**
 * @module Scores of several designs side by side: held-out bits per byte at every scale, and all
 * metrics at one scale, with the difference to the first row.
 */
import { Link } from 'wouter';
import type { ScoresComparison, ScoresEntry } from '../api/types.js';
import { formatCount, formatScore } from './format.js';

const score = (entry: ScoresEntry, scale: string) => entry.scores.find((candidate) => candidate.scale === scale);

function Name({ entry }: { entry: ScoresEntry }) {
  return entry.designId ? <Link href={`/designs/${entry.designId}`}>{entry.name}</Link> : <span>{entry.name}</span>;
}

export function BpbByScale({ comparison }: { comparison: ScoresComparison }) {
  return (
    <table className="data-table compact" aria-label="held-out bits per byte by scale">
      <thead><tr><th>role</th><th>design</th>{comparison.scales.map((scale) => <th key={scale} className="numeric">{scale} bpb</th>)}</tr></thead>
      <tbody>
        {comparison.entries.map((entry, index) => (
          <tr key={`${entry.role}-${entry.designId ?? entry.name}-${index}`} className={`role-${entry.role}`}>
            <td>{entry.role}</td><td><Name entry={entry} /></td>
            {comparison.scales.map((scale) => {
              const found = score(entry, scale);
              return <td key={scale} className="numeric" title={found?.reason ?? undefined}>{found ? (found.status === 'ok' ? formatScore(found.heldOutBpb, 4) : found.status) : '–'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MetricsAtScale({ comparison, scale }: { comparison: ScoresComparison; scale: string }) {
  const metrics = [...new Set(comparison.entries.flatMap((entry) => Object.keys(score(entry, scale)?.metrics ?? {})))].sort();
  const reference = score(comparison.entries[0]!, scale);
  const delta = (value: number | null | undefined, base: number | null | undefined) =>
    value === null || value === undefined || base === null || base === undefined || value === base ? '' : ` (${value > base ? '+' : ''}${formatScore(value - base, 3)})`;
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label={`metrics at ${scale}`}>
        <thead><tr><th>design</th><th className="numeric">bpb</th><th className="numeric">loss</th>{metrics.map((metric) => <th key={metric} className="numeric">{metric}</th>)}<th className="numeric">params</th></tr></thead>
        <tbody>
          {comparison.entries.map((entry, index) => {
            const found = score(entry, scale);
            return (
              <tr key={`${entry.designId ?? entry.name}-${index}`} className={`role-${entry.role}`}>
                <td><Name entry={entry} /> <span className="muted">{entry.role}</span></td>
                <td className="numeric">{formatScore(found?.heldOutBpb, 4)}{index > 0 && delta(found?.heldOutBpb, reference?.heldOutBpb)}</td>
                <td className="numeric">{formatScore(found?.heldOutLoss, 4)}</td>
                {metrics.map((metric) => (
                  <td key={metric} className="numeric">{formatScore(found?.metrics[metric], 3)}{index > 0 && delta(found?.metrics[metric], reference?.metrics[metric])}</td>
                ))}
                <td className="numeric">{formatCount(found?.params)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
