/**
 * @module `genesys export`: every design of the store (or of one evolution) and its results as
 * portable files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDesignFolder } from '../../core/design-folder.js';
import { listBaselines } from '../baselines.js';
import { listBudgets } from '../budgets.js';
import type { Db } from '../db.js';
import { listImplementationAttempts, listProposals, listReviews } from '../design-records.js';
import { listDesigns } from '../designs.js';
import { getEvolution, listEvolutions } from '../evolutions.js';
import { listLlmCalls } from '../llm-calls.js';
import { schemaVersion } from '../migrate.js';
import { listVerifications } from '../verifications.js';
import { DESIGN_FILES, EXPORT_FORMAT, LLM_CALLS_FILE, safeSegment, type DesignFiles, type Manifest } from './export-format.js';

export interface ExportSummary {
  out: string;
  evolutions: number;
  designs: number;
  verifications: number;
  llmCalls: number;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes the export into `out` (created; existing files of the same names are replaced). */
export async function exportStore(db: Db, options: { out: string; evolution?: string }): Promise<ExportSummary> {
  const evolutions = options.evolution
    ? [await getEvolution(db, { name: options.evolution })].filter((row) => row !== undefined)
    : await listEvolutions(db);
  if (options.evolution && evolutions.length === 0) throw new Error(`no evolution named ${options.evolution}`);
  const designs = await listDesigns(db, { evolution: options.evolution });
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    schemaVersion: await schemaVersion(db),
    evolutions,
    designs: [],
    budgets: await listBudgets(db, { evolution: options.evolution }),
    baselines: [],
  };
  const usedFolders = new Set<string>();
  let verificationCount = 0;
  const ladders = new Set<string>();
  for (const row of designs) {
    let folder = join('designs', safeSegment(row.evolution), safeSegment(row.name));
    if (usedFolders.has(folder)) folder = `${folder}-${row.id.slice(0, 8)}`;
    usedFolders.add(folder);
    const { design, ...store } = row;
    const files: DesignFiles = {
      store,
      verifications: (await listVerifications(db, { designId: row.id })).map(({ id, ladder, scale, record, artifacts, createdAt, updatedAt }) =>
        ({ id, ladder, scale, record, artifacts, createdAt, updatedAt })),
      proposals: await listProposals(db, { designId: row.id }),
      reviews: await listReviews(db, { designId: row.id }),
      implementationAttempts: await listImplementationAttempts(db, { designId: row.id }),
    };
    verificationCount += files.verifications.length;
    for (const verification of files.verifications) ladders.add(verification.ladder);
    await writeDesignFolder(join(options.out, folder), design);
    for (const [key, file] of Object.entries(DESIGN_FILES)) await writeJson(join(options.out, folder, file), files[key as keyof DesignFiles]);
    manifest.designs.push({ id: row.id, evolution: row.evolution, name: row.name, folder });
  }
  for (const ladder of [...ladders].sort()) manifest.baselines.push(...(await listBaselines(db, { ladder })).values());
  const llmCalls = await listLlmCalls(db, { evolution: options.evolution });
  await mkdir(options.out, { recursive: true });
  await writeJson(join(options.out, LLM_CALLS_FILE), llmCalls);
  await writeJson(join(options.out, 'manifest.json'), manifest);
  return { out: options.out, evolutions: evolutions.length, designs: designs.length, verifications: verificationCount, llmCalls: llmCalls.length };
}
