/**
 * @module Leaderboard of one scale: every verified design with its metric columns (click a header
 * to sort), the untrained baseline pinned on top, and two designs picked to compare.
 */
import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { useScope } from '../api/scope.js';
import type { LeaderboardResponse, LeaderboardRow } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable, type Column } from '../components/data-table.js';
import { formatCount, formatFitness, formatScore, formatSeconds } from '../components/format.js';
import { Empty, Loaded } from '../components/states.js';

// Held-out loss and bits per byte: lower is better; task scores (accuracies): higher.
function metricColumns(metrics: string[]): Column<LeaderboardRow>[] {
  return metrics.map((metric) => ({
    key: `metric:${metric}`,
    label: metric,
    numeric: true,
    better: /perplexity|ppl|loss/.test(metric) ? 'lower' : 'higher',
    value: (row) => row.metrics[metric] ?? null,
    render: (row) => formatScore(row.metrics[metric], 3),
  }));
}

function Board({ board }: { board: LeaderboardResponse }) {
  const [, navigate] = useLocation();
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((current) => (current.includes(id) ? current.filter((entry) => entry !== id) : [...current.slice(-1), id]));
  const columns: Column<LeaderboardRow>[] = [
    { key: 'pick', label: '', value: (row) => (picked.includes(row.designId) ? 0 : 1),
      render: (row) => <input type="checkbox" aria-label={`pick ${row.name}`} checked={picked.includes(row.designId)} onChange={() => toggle(row.designId)} /> },
    { key: 'rank', label: 'rank', numeric: true, value: (row) => row.rank, title: 'rank by fitness across the population' },
    { key: 'name', label: 'design', value: (row) => row.name, render: (row) => <Link href={`/designs/${row.designId}`}>{row.name}</Link> },
    { key: 'origin', label: 'origin', value: (row) => row.origin },
    { key: 'fitness', label: 'fitness', numeric: true, better: 'higher', value: (row) => row.fitness, render: (row) => formatFitness(row.fitness) },
    { key: 'bpb', label: 'held-out bpb', numeric: true, better: 'lower', value: (row) => row.heldOutBpb, render: (row) => formatScore(row.heldOutBpb, 4) },
    { key: 'loss', label: 'held-out loss', numeric: true, better: 'lower', value: (row) => row.heldOutLoss, render: (row) => formatScore(row.heldOutLoss, 4) },
    ...metricColumns(board.metrics),
    { key: 'params', label: 'params', numeric: true, value: (row) => row.params, render: (row) => formatCount(row.params) },
    { key: 'wall', label: 'time', numeric: true, value: (row) => row.wallSeconds, render: (row) => formatSeconds(row.wallSeconds) },
  ];
  const baseline = board.baseline && (
    <tr className="baseline-row">
      <td /><td /><td title="the scale's model at initialisation: what random weights score">untrained baseline</td><td>random weights</td><td className="numeric">–</td>
      <td className="numeric">{formatScore(board.baseline.heldOutBpb, 4)}</td>
      <td className="numeric">{formatScore(board.baseline.heldOutLoss, 4)}</td>
      {board.metrics.map((metric) => <td key={metric} className="numeric">{formatScore(board.baseline!.metrics[metric], 3)}</td>)}
      <td className="numeric">{formatCount(board.baseline.params)}</td><td className="numeric">–</td>
    </tr>
  );
  return (
    <>
      <div className="toolbar">
        <span className="muted">{board.rows.length} designs verified at {board.scale}</span>
        <button type="button" disabled={picked.length !== 2} onClick={() => navigate(`/compare?a=${picked[0]}&b=${picked[1]}`)}>
          Compare the two picked designs
        </button>
      </div>
      <DataTable columns={columns} rows={board.rows} rowKey={(row) => row.designId} initialSort={{ key: 'bpb', descending: false }}
        pinned={baseline} label={`leaderboard ${board.scale}`} />
      <p className="footnote">Fitness: {board.fitnessMethod}. Bold marks the best value of a column.</p>
    </>
  );
}

export default function LeaderboardPage() {
  const { scoped } = useScope();
  const [, navigate] = useLocation();
  const scale = new URLSearchParams(useSearch()).get('scale') ?? undefined;
  const board = useApi<LeaderboardResponse>(scoped('/api/leaderboard', { scale }), ['verifications', 'designs']);
  return (
    <div data-page="leaderboard">
      <div className="page-title">
        <h1>Leaderboard</h1>
        {board.data && board.data.scales.length > 0 && (
          <div className="tabs" role="tablist" aria-label="scale">
            {board.data.scales.map((entry) => (
              <button key={entry} type="button" role="tab" aria-selected={entry === board.data!.scale} className={entry === board.data!.scale ? 'active' : undefined}
                onClick={() => navigate(`/leaderboard?scale=${encodeURIComponent(entry)}`)}>{entry}</button>
            ))}
          </div>
        )}
      </div>
      <Loaded state={board} what="the leaderboard">
        {(data) => (data.scale === null ? <Empty>No design has a finished verification yet.</Empty> : <Board board={data} />)}
      </Loaded>
    </div>
  );
}
