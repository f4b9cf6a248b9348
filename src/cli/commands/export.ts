/**
 * @module `genesys export genesys <design-dir...> --out <dir>`: design folders in the original Genesys layout.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { exportGenesys, type ExportResult } from '../../interop/genesys/index.js';

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

export const exportCommand = new Command('export').description('export designs to other systems').addCommand(genesysExport);
