/**
 * @module `genesys units`: `search` finds units of the seed library and of every stored design by
 * name, docstring and code (to reuse one instead of rewriting it); `similar` lists the existing
 * designs nearest to a design folder or a proposal text (to avoid duplicates).
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { readDesignFolder } from '../../core/design-folder.js';
import { InputError } from '../../core/errors.js';
import { buildUnitCatalog, catalogDesigns, latestProposalTexts, rankSimilarDesigns, searchUnitCatalog, type SimilarDesign, type UnitHit } from '../../search/index.js';
import { openStore, WorkspaceError, type Db } from '../../store/index.js';

const StoreFlagsSchema = z.object({ db: z.string().optional(), workspace: z.string().optional(), json: z.boolean().default(false) });
const SearchFlagsSchema = StoreFlagsSchema.extend({ k: z.coerce.number().int().min(1).max(100).default(10) });
const SimilarFlagsSchema = StoreFlagsSchema.extend({
  k: z.coerce.number().int().min(1).max(100).default(5),
  text: z.string().optional(),
  textFile: z.string().optional(),
  exclude: z.string().optional().transform((value) => value?.split(',').map((name) => name.trim()).filter(Boolean) ?? []),
});

function storeOptions(command: Command): Command {
  return command
    .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
    .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
    .option('--json', 'print one JSON document to stdout');
}

/** Runs with the store when there is one; without a workspace only the seed library is searched. */
async function withOptionalStore<T>(flags: { db?: string; workspace?: string }, run: (db: Db | undefined) => Promise<T>): Promise<{ value: T; seedsOnly: boolean }> {
  let store;
  try {
    store = await openStore({ workspace: flags.workspace, db: flags.db });
  } catch (error) {
    if (error instanceof WorkspaceError && error.code === 'workspace_missing') return { value: await run(undefined), seedsOnly: true };
    throw error;
  }
  try {
    return { value: await run(store.db), seedsOnly: false };
  } finally {
    await store.close();
  }
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function placeLabel(place: { design: string; evolution: string | null }): string {
  return place.evolution ? `${place.evolution}/${place.design}` : `${place.design} (seed)`;
}

/** The human table of unit hits: design, unit, docstring summary, score. */
export function renderUnitHits(hits: UnitHit[]): string {
  if (hits.length === 0) return 'no unit matches';
  const rows = hits.map((hit) => [
    placeLabel(hit) + (hit.places.length > 1 ? ` +${hit.places.length - 1}` : ''), hit.unit, clip(hit.summary, 70), hit.score.toFixed(1),
  ]);
  const header = ['design', 'unit', 'summary', 'score'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function renderSimilar(hits: SimilarDesign[]): string {
  if (hits.length === 0) return 'no similar designs';
  return hits.map((hit) => {
    const parts = [`${hit.score.toFixed(2)}  ${placeLabel(hit)}`, `text ${hit.text.toFixed(2)}`];
    if (hit.structure !== null) parts.push(`structure ${hit.structure.toFixed(2)}`);
    if (hit.sharedUnits.length > 0) parts.push(`same code: ${hit.sharedUnits.join(', ')}`);
    return parts.join('  ');
  }).join('\n');
}

const searchCommand = storeOptions(new Command('search'))
  .description('find units of the seed library and of all stored designs by name, docstring and code (BM25)')
  .argument('<query...>', 'e.g. "rotary embedding", "causal conv1d", "RMSNorm"')
  .option('--k <n>', 'how many units', '10')
  .action(async (words: string[], rawFlags: Record<string, unknown>) => {
    const flags = SearchFlagsSchema.parse(rawFlags);
    const query = words.join(' ');
    const { value: hits, seedsOnly } = await withOptionalStore(flags, async (db) => searchUnitCatalog(buildUnitCatalog(await catalogDesigns({ db })), query, { k: flags.k }));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ query, seedsOnly, hits }, null, 2)}\n`);
      return;
    }
    if (seedsOnly) console.error('no workspace: searching the seed library only');
    console.error(renderUnitHits(hits));
  });

const similarCommand = storeOptions(new Command('similar'))
  .description('list the existing designs nearest to a design folder and/or a proposal text (to avoid duplicates)')
  .argument('[design]', 'a design folder (design.json + units/)')
  .option('--text <text>', 'a proposal or abstract to compare')
  .option('--text-file <file>', 'read the proposal text from a file')
  .option('--exclude <names>', 'design names to leave out, comma-separated (e.g. the parents)')
  .option('--k <n>', 'how many designs', '5')
  .action(async (folder: string | undefined, rawFlags: Record<string, unknown>) => {
    const flags = SimilarFlagsSchema.parse(rawFlags);
    const text = [flags.text, flags.textFile ? readFileSync(flags.textFile, 'utf8') : undefined].filter(Boolean).join('\n') || undefined;
    if (!folder && !text) throw new InputError('give a design folder, --text or --text-file');
    const design = folder ? await readDesignFolder(folder) : undefined;
    const exclude = [...flags.exclude, ...(design ? [design.name] : [])];
    const { value: hits, seedsOnly } = await withOptionalStore(flags, async (db) =>
      rankSimilarDesigns(await catalogDesigns({ db }), { design, text, k: flags.k, exclude }, db ? await latestProposalTexts(db) : new Map()));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ seedsOnly, hits }, null, 2)}\n`);
      return;
    }
    if (seedsOnly) console.error('no workspace: comparing with the seed library only');
    console.error(renderSimilar(hits));
  });

export const unitsCommand = new Command('units')
  .description('unit reuse and near-duplicate designs: search, similar')
  .addCommand(searchCommand)
  .addCommand(similarCommand);
