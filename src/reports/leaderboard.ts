/**
 * @module Leaderboards of an evolution: one table per scale (held-out bits per byte, parameters,
 * the task metrics the fitness kept) with the untrained baseline, and the overall fitness ranking.
 */
import { formatFitness, type PopulationSnapshot, type Ranking } from '../evolution/index.js';

export interface LeaderboardRow {
  rank: number;
  name: string;
  origin: string;
  generation: number | null;
  bpb: number;
  params: number | null;
  fitness: number | null;
  /** Kept task columns of this scale → value. */
  tasks: Record<string, number>;
}

export interface ScaleLeaderboard {
  scale: string;
  baselineBpb: number | null;
  /** Task columns the fitness keeps at this scale (metric names like `piqa.acc_norm`). */
  taskColumns: string[];
  rows: LeaderboardRow[];
}

export interface Leaderboards {
  evolution: string;
  ladder: string;
  scales: ScaleLeaderboard[];
  overall: { rank: number; name: string; origin: string; fitness: number; confidence: number; quadrant: string | null; scales: string[] }[];
  /** Columns the fitness dropped, with why. */
  dropped: { key: string; reason: string }[];
}

export function buildLeaderboards(snapshot: PopulationSnapshot, ranking: Ranking): Leaderboards {
  const byId = new Map(snapshot.designs.map((row) => [row.id, row]));
  const scales = snapshot.scales.map((scale): ScaleLeaderboard => {
    const taskColumns = ranking.columns.filter((column) => column.scale === scale && column.kept && column.metric !== 'held_out_bpb').map((column) => column.metric);
    const rows = snapshot.verifications
      .filter((row) => row.scale === scale && row.status === 'ok' && row.heldOutBpb !== null)
      .sort((a, b) => a.heldOutBpb! - b.heldOutBpb!)
      .map((row, index): LeaderboardRow => {
        const design = byId.get(row.designId)!;
        const ranked = ranking.byId.get(row.designId);
        return {
          rank: index + 1, name: design.name, origin: design.origin, generation: design.generation, bpb: row.heldOutBpb!, params: row.params, fitness: ranked?.fitness ?? null,
          tasks: Object.fromEntries(taskColumns.map((metric) => [metric, ranked?.metrics[`${scale}/${metric}`]]).filter(([, value]) => value !== undefined)),
        };
      });
    return { scale, baselineBpb: snapshot.baselines.get(scale)?.evaluation.heldOut.bitsPerByte ?? null, taskColumns, rows };
  });
  const origins = new Map(snapshot.designs.map((row) => [row.id, row.origin]));
  return {
    evolution: snapshot.evolution,
    ladder: snapshot.config.ladder,
    scales,
    overall: ranking.designs.filter((design) => design.fitness !== null).map((design) => ({
      rank: design.rank!, name: design.name, origin: origins.get(design.designId) ?? '', fitness: design.fitness!, confidence: design.confidence, quadrant: design.quadrant, scales: design.scales,
    })),
    dropped: ranking.columns.filter((column) => !column.kept).map((column) => ({ key: column.key, reason: column.reason })),
  };
}

function cell(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

/** The leaderboards as Markdown tables. */
export function leaderboardMarkdown(boards: Leaderboards): string {
  const out = [`# Leaderboard: evolution ${boards.evolution} (ladder ${boards.ladder})`, ''];
  out.push('Fitness is the Massey rating over every metric column the population kept (see docs/evolution.md): the average margin by which a design beats the others, in standard errors of the metrics.', '');
  out.push('## Overall ranking', '', '| rank | design | origin | fitness | confidence | quadrant | scales |', '|---:|---|---|---:|---:|---|---|');
  for (const row of boards.overall) out.push(`| ${row.rank} | ${row.name} | ${row.origin} | ${formatFitness(row.fitness)} | ${row.confidence} | ${row.quadrant ?? '–'} | ${row.scales.join(', ')} |`);
  for (const board of boards.scales) {
    if (board.rows.length === 0) continue;
    out.push('', `## ${board.scale}`, '');
    const tasks = board.taskColumns;
    out.push(`| rank | design | origin | held-out bpb | parameters | fitness |${tasks.map((task) => ` ${task} |`).join('')}`);
    out.push(`|---:|---|---|---:|---:|---:|${tasks.map(() => '---:|').join('')}`);
    for (const row of board.rows) {
      out.push(`| ${row.rank} | ${row.name} | ${row.origin} | ${row.bpb.toFixed(3)} | ${row.params?.toLocaleString('en-US') ?? '–'} | ${row.fitness === null ? '–' : formatFitness(row.fitness)} |${tasks.map((task) => ` ${cell(row.tasks[task], 3)} |`).join('')}`);
    }
    if (board.baselineBpb !== null) out.push(`| – | *untrained baseline* | – | ${board.baselineBpb.toFixed(3)} | – | – |${tasks.map(() => ' – |').join('')}`);
  }
  if (boards.dropped.length > 0) {
    out.push('', '## Metric columns the fitness dropped', '');
    for (const column of boards.dropped) out.push(`- ${column.key}: ${column.reason}`);
  }
  return `${out.join('\n')}\n`;
}
