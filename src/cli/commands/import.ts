/**
 * @module `genesys import <dir>`: a folder written by `genesys export` into the store; and
 * `genesys import genesys <path> --out <dir>`: original Genesys artifacts to design folders.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { importGenesys, type ImportResult } from '../../interop/genesys/index.js';
import { importStore, openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  out: z.string().min(1).describe('Folder receiving one design folder per design'),
  json: z.boolean().default(false),
});

/** The human summary, written to stderr. */
export function renderImportSummary(result: ImportResult, out: string): string {
  const lines = [`imported ${result.designs.length} design(s) into ${out}, skipped ${result.skipped.length}`];
  for (const design of result.designs) {
    lines.push(`  ${design.name}: ${design.units.length} unit(s), ${design.status}`);
    for (const warning of design.warnings) lines.push(`    warning: ${warning}`);
  }
  for (const skipped of result.skipped) lines.push(`  skipped ${skipped.name}: ${skipped.reason}`);
  return lines.join('\n');
}

const genesysImport = new Command('genesys')
  .description('import original Genesys designs: designs.jsonl, core/<seed>.json, a folder with implementation.json, or a seed folder')
  .argument('<path>', 'the source file or folder')
  .requiredOption('--out <dir>', 'folder receiving one design folder per design')
  .option('--json', 'print one JSON document {designs, skipped} to stdout')
  .action(async (path: string, rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const result = await importGenesys({ source: path, out: flags.out });
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else console.error(renderImportSummary(result, flags.out));
  });

const StoreFlagsSchema = z.object({ db: z.string().optional(), workspace: z.string().optional(), json: z.boolean().default(false) });

// The default subcommand, so `genesys import DIR` works beside `genesys import genesys …`.
const storeImport = new Command('store')
  .description('import a folder written by `genesys export` into the store, keeping ids (default; the workspace is created when missing)')
  .argument('<dir>', 'the export folder')
  .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
  .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
  .option('--json', 'print one JSON document (the summary) to stdout')
  .action(async (dir: string, rawFlags: Record<string, unknown>) => {
    const flags = StoreFlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db, create: true });
    try {
      const summary = await importStore(store.db, { dir });
      if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else console.error(`imported ${summary.designs - summary.skippedDesigns} design(s) (${summary.skippedDesigns} already present), ${summary.verifications} verification(s), ${summary.llmCalls} LLM call(s) from ${dir}`);
    } finally {
      await store.close();
    }
  });

export const importCommand = new Command('import')
  .description('import an export of the store, or designs from other systems')
  .addCommand(storeImport, { isDefault: true })
  .addCommand(genesysImport);
