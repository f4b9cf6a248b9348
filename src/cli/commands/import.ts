/**
 * @module `genesys import genesys <path> --out <dir>`: original Genesys artifacts to design folders.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { importGenesys, type ImportResult } from '../../interop/genesys/index.js';

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

export const importCommand = new Command('import').description('import designs from other systems').addCommand(genesysImport);
