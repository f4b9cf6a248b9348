/**
 * @module `genesys export --out <dir>`: the store's designs and results as portable files; and
 * `genesys export genesys <design-dir...> --out <dir>`: design folders in the original Genesys layout.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { exportGenesys, type ExportResult } from '../../interop/genesys/index.js';
import { exportStore, openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  out: z.string().min(1).describe('Folder receiving <design>/implementation.json and units/'),
  json: z.boolean().default(false),
});

/** Exports each design in turn; one failure stops the run (the error handler reports it). */
export async function exportDesigns(designs: string[], out: string): Promise<ExportResult[]> {
  const results: ExportResult[] = [];
  for (const design of designs) results.push(await exportGenesys({ design, out }));
  return results;
}

const genesysExport = new Command('genesys')
  .description('export design folders as original Genesys design folders (implementation.json + units/src/*.py + units/metadata.yaml)')
  .argument('<designs...>', 'design folders')
  .requiredOption('--out <dir>', 'folder receiving one folder per design')
  .option('--json', 'print one JSON document {exported} to stdout')
  .action(async (designs: string[], rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const exported = await exportDesigns(designs, flags.out);
    if (flags.json) process.stdout.write(`${JSON.stringify({ exported }, null, 2)}\n`);
    else for (const result of exported) console.error(`exported ${result.name} -> ${result.folder} (${result.files.length} files)`);
  });

const StoreFlagsSchema = FlagsSchema.extend({ evolution: z.string().optional(), db: z.string().optional(), workspace: z.string().optional() });

// The default subcommand, so `genesys export --out DIR` works beside `genesys export genesys …`.
const storeExport = new Command('store')
  .description('export every design of the store (or one evolution) with its verifications, proposals, reviews, checker reports and LLM calls (default)')
  .requiredOption('--out <dir>', 'folder receiving manifest.json, llm-calls.json and designs/<evolution>/<design>/')
  .option('--evolution <name>', 'only this evolution')
  .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
  .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
  .option('--json', 'print one JSON document (the summary) to stdout')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = StoreFlagsSchema.parse(rawFlags);
    const store = await openStore({ workspace: flags.workspace, db: flags.db });
    try {
      const summary = await exportStore(store.db, { out: flags.out, evolution: flags.evolution });
      if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else console.error(`exported ${summary.designs} design(s), ${summary.verifications} verification(s) and ${summary.llmCalls} LLM call(s) of ${summary.evolutions} evolution(s) to ${summary.out}`);
    } finally {
      await store.close();
    }
  });

export const exportCommand = new Command('export')
  .description('export the store as portable files, or designs to other systems')
  .addCommand(storeExport, { isDefault: true })
  .addCommand(genesysExport);
