/**
 * @module `genesys report`: the leaderboards, the lineage of the best designs and the plots of an
 * evolution, written into one folder (Markdown, JSON, SVG and PNG).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPopulation, rankSnapshot } from '../evolution/index.js';
import type { Db } from '../store/index.js';
import { buildLeaderboards, leaderboardMarkdown } from './leaderboard.js';
import { lineageMarkdown, lineageOf } from './lineage.js';
import { renderPlots } from './plots.js';

export async function writeReport(db: Db, options: { evolution: string; out: string; top?: number }): Promise<string[]> {
  const snapshot = await loadPopulation(db, { evolution: options.evolution });
  const ranking = rankSnapshot(snapshot);
  await mkdir(options.out, { recursive: true });
  const boards = buildLeaderboards(snapshot, ranking);
  const best = ranking.designs.filter((design) => design.fitness !== null).slice(0, options.top ?? 5);
  const files: [string, string | Buffer][] = [
    ['leaderboard.md', leaderboardMarkdown(boards)],
    ['leaderboard.json', `${JSON.stringify(boards, null, 2)}\n`],
    ['lineage.md', lineageMarkdown(best.map((design) => ({ name: design.name, fitness: design.fitness, steps: lineageOf(snapshot.designs, design.designId) })))],
  ];
  if (snapshot.verifications.some((row) => row.status === 'ok')) {
    for (const plot of await renderPlots(snapshot, ranking)) files.push([`${plot.name}.svg`, plot.svg], [`${plot.name}.png`, plot.png]);
  }
  for (const [name, content] of files) await writeFile(join(options.out, name), content);
  return files.map(([name]) => join(options.out, name));
}
