/**
 * @module `genesys import <dir>`: loads an export into the store in one transaction, keeping ids
 * and timestamps. Importing the same export twice changes nothing; a conflicting design (same id,
 * different content) is an error and nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDesignFolder } from '../../core/design-folder.js';
import { InputError } from '../../core/errors.js';
import { upsertBaseline } from '../baselines.js';
import { setBudget } from '../budgets.js';
import type { Db } from '../db.js';
import { addImplementationAttempt, addProposal, addReview } from '../design-records.js';
import { getDesign, insertDesign, setDesignParents } from '../designs.js';
import { ensureEvolution } from '../evolutions.js';
import { recordLlmCall } from '../llm-calls.js';
import { upsertVerification } from '../verifications.js';
import { DESIGN_FILES, DesignFilesSchema, type DesignFiles, LLM_CALLS_FILE, LlmCallsFileSchema, ManifestSchema } from './export-format.js';
import type { ExportSummary } from './export-store.js';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `missing ${path}: not a genesys export folder?` : `cannot read ${path}: ${(error as Error).message}`, {
      hint: 'import a folder written by `genesys export --out DIR`; original Genesys artifacts go through `genesys import genesys`',
      cause: error,
    });
  }
}

async function readDesignFiles(folder: string) {
  const files: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(DESIGN_FILES)) files[key] = await readJson(join(folder, file));
  return DesignFilesSchema.parse(files);
}

/** Imports the export at `dir`; returns what it holds (designs already present are skipped). */
export async function importStore(db: Db, options: { dir: string }): Promise<ExportSummary & { skippedDesigns: number }> {
  const manifest = ManifestSchema.parse(await readJson(join(options.dir, 'manifest.json')));
  const llmCalls = LlmCallsFileSchema.parse(await readJson(join(options.dir, LLM_CALLS_FILE)));
  const entries = await Promise.all(manifest.designs.map(async (entry) => {
    const folder = join(options.dir, entry.folder);
    return { entry, design: await readDesignFolder(folder), files: await readDesignFiles(folder) };
  }));
  return db.transaction(async (tx) => {
    for (const evolution of manifest.evolutions) await ensureEvolution(tx, evolution);
    const inserted: DesignFiles[] = [];
    let skipped = 0;
    for (const { entry, design, files } of entries) {
      const existing = await getDesign(tx, { id: entry.id });
      if (existing) {
        if (existing.designHash !== files.store.designHash) {
          throw new InputError(`design ${entry.id} (${entry.name}) already exists with different content; nothing was imported`);
        }
        skipped += 1;
        continue;
      }
      const { store } = files;
      await insertDesign(tx, { id: store.id, evolution: store.evolution, design, origin: store.origin, description: store.description, parentIds: [], createdAt: store.createdAt, generation: store.generation });
      inserted.push(files);
    }
    let verifications = 0;
    for (const files of inserted) {
      await setDesignParents(tx, { designId: files.store.id, parentIds: files.store.parents });
      for (const proposal of files.proposals) await addProposal(tx, proposal);
      for (const review of files.reviews) await addReview(tx, review);
      for (const attempt of files.implementationAttempts) await addImplementationAttempt(tx, attempt);
      for (const verification of files.verifications) {
        await upsertVerification(tx, { designId: files.store.id, ...verification });
        verifications += 1;
      }
    }
    for (const budget of manifest.budgets) await setBudget(tx, budget);
    for (const baseline of manifest.baselines) await upsertBaseline(tx, baseline);
    for (const call of llmCalls) await recordLlmCall(tx, call);
    return {
      out: options.dir, evolutions: manifest.evolutions.length, designs: manifest.designs.length, verifications, llmCalls: llmCalls.length, skippedDesigns: skipped,
    };
  });
}
