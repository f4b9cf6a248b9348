/**
 * @module Proposals for the design benchmark, from JSONL in one of two shapes: the original's 100
 * frozen benchmark proposals (`id, title, mode: "Mutate existing design", seed_ids, selection,
 * abstract, proposal, review, rating`), or our own (`id, title, abstract, proposal, mode, parents,
 * selection`). Parents resolve to designs: library seed names or design folders for ours; for the
 * original's, its designs (designs.jsonl and core/ beside the file, converted by the importer).
 * A proposal whose parents cannot be found is implemented from scratch, and says so.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { ProposalView } from '../../agents/index.js';
import { readDesignFolder } from '../../core/design-folder.js';
import type { Design } from '../../core/design.js';
import { InputError } from '../../core/errors.js';
import { importGenesys } from '../../interop/genesys/index.js';
import { packageRoot } from '../../runtime/index.js';
import type { DesignMode, ProposalRecord } from '../designer.js';

const OriginalProposalSchema = z.object({
  id: z.string(),
  title: z.string(),
  mode: z.enum(['Mutate existing design', 'Crossover designs', 'Design from scratch']),
  seed_ids: z.array(z.string()),
  selection: z.string().nullable(),
  abstract: z.string().nullable().transform((abstract) => abstract ?? ''),
  proposal: z.string(),
  review: z.string().nullable().default(null),
  rating: z.number().nullable().default(null),
});

const OwnProposalSchema = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  proposal: z.string(),
  mode: z.enum(['mutation', 'crossover', 'scratch']),
  parents: z.array(z.string()).default([]).describe('Library seed names or design folders (relative to the file)'),
  selection: z.string().nullable().default(null),
  review: z.string().nullable().default(null),
  rating: z.number().nullable().default(null),
});

const ORIGINAL_MODES: Record<z.infer<typeof OriginalProposalSchema>['mode'], DesignMode> = {
  'Mutate existing design': 'mutation',
  'Crossover designs': 'crossover',
  'Design from scratch': 'scratch',
};

export interface BenchProposal {
  id: string;
  mode: DesignMode;
  parents: Design[];
  proposal: ProposalView;
  record: ProposalRecord;
  /** Why the proposal is not run as written (a parent is missing), if so. */
  note: string | null;
}

interface Row {
  id: string;
  title: string;
  abstract: string;
  proposal: string;
  mode: DesignMode;
  parents: string[];
  selection: string | null;
  review: string | null;
  rating: number | null;
  original: boolean;
}

function parseRow(line: string, number: number): Row {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new InputError(`proposals line ${number} is not JSON: ${(error as Error).message}`);
  }
  const original = OriginalProposalSchema.safeParse(json);
  if (original.success) {
    const row = original.data;
    return { ...row, mode: ORIGINAL_MODES[row.mode], parents: row.seed_ids, original: true };
  }
  const own = OwnProposalSchema.safeParse(json);
  if (own.success) return { ...own.data, original: false };
  throw new InputError(`proposals line ${number} is neither an original benchmark proposal nor ours: ${own.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, {
    hint: 'our format: {"id", "title", "abstract", "proposal", "mode": "mutation|crossover|scratch", "parents": ["gpt"], "selection": "GatedMLP"}',
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** The original's designs beside the proposals file, by id (converted once into a temporary folder). */
async function originalDesigns(folder: string): Promise<Map<string, Design>> {
  const sources = [join(folder, 'designs.jsonl')];
  if (await exists(join(folder, 'core'))) {
    for (const file of (await readdir(join(folder, 'core'))).sort()) if (file.endsWith('.json')) sources.push(join(folder, 'core', file));
  }
  const out = await mkdtemp(join(tmpdir(), 'genesys-bench-parents-'));
  const designs = new Map<string, Design>();
  try {
    for (const source of sources) {
      if (!(await exists(source))) continue;
      const result = await importGenesys({ source, out: join(out, String(designs.size)) });
      for (const imported of result.designs) designs.set(imported.name, await readDesignFolder(imported.folder));
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return designs;
}

async function ownParent(reference: string, folder: string): Promise<Design | null> {
  const path = /^[\w-]+$/.test(reference) && (await exists(join(packageRoot, 'library', reference)))
    ? join(packageRoot, 'library', reference)
    : isAbsolute(reference) ? reference : resolve(folder, reference);
  return readDesignFolder(path).catch(() => null);
}

export async function readBenchProposals(file: string, options: { limit?: number } = {}): Promise<BenchProposal[]> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new InputError(`cannot read proposals file ${file}`, { cause });
  });
  const rows = text.split('\n').map((line, index) => ({ line: line.trim(), number: index + 1 })).filter(({ line }) => line !== '')
    .map(({ line, number }) => parseRow(line, number))
    .slice(0, options.limit);
  const folder = dirname(resolve(file));
  const originals = rows.some((row) => row.original) ? await originalDesigns(folder) : new Map<string, Design>();
  const proposals: BenchProposal[] = [];
  for (const row of rows) {
    const found = await Promise.all(row.parents.map((parent) => (row.original ? Promise.resolve(originals.get(parent) ?? null) : ownParent(parent, folder))));
    const missing = row.parents.filter((_parent, index) => !found[index]);
    const parents = found.filter((design): design is Design => design !== null);
    const selectionMissing = row.mode === 'mutation' && (row.selection === null || (parents[0] !== undefined && !parents[0].units[row.selection]));
    const usable = missing.length === 0 && !selectionMissing && (row.mode === 'scratch' || parents.length > 0);
    const mode: DesignMode = usable ? row.mode : 'scratch';
    const note = usable ? null
      : missing.length > 0 ? `parent(s) ${missing.join(', ')} not found: implemented from scratch`
        : `selection ${row.selection ?? '(none)'} is not a unit of ${parents[0]?.name ?? 'the parent'}: implemented from scratch`;
    const view: ProposalView = { title: row.title, abstract: row.abstract, text: row.proposal, selection: mode === 'mutation' ? row.selection : null, review: row.review, rating: row.rating };
    proposals.push({
      id: row.id,
      mode,
      parents: mode === 'scratch' ? [] : parents,
      proposal: view,
      record: { title: row.title, text: `# ${row.title}\n\n${row.abstract}\n\n${row.proposal}`, rating: row.rating, versions: [], reviews: [], data: { benchmark: row.id, note } },
      note,
    });
  }
  return proposals;
}
