/**
 * @module Turning what a user points `genesys check` at into designs: design folders,
 * design JSON files (inline code or a stored design.json), or loose unit files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DesignSchema, type Design, type UnitDecl } from '../core/design.js';
import { DESIGN_FILE, readDesignFolder } from '../core/design-folder.js';
import { InputError } from '../core/errors.js';
import type { UnitAnalysis } from './unit-analysis.js';

/** Analyzes unit sources; injected so the caller decides which worker runs the analysis. */
export type AnalyzeUnits = (units: { code: string; filename: string }[]) => Promise<UnitAnalysis[]>;

/**
 * The designs named by CLI paths: each design folder or JSON file is a design, a folder of
 * design folders (like `library/`) gives each of them, and all `.py` files together form one.
 */
export async function designsFromPaths(paths: string[], analyzeUnits: AnalyzeUnits): Promise<Design[]> {
  const designs: Design[] = [];
  const unitFiles: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new InputError(`no such file or folder: ${path}`);
    });
    if (info.isDirectory()) designs.push(...(await readFolderOrCollection(path)));
    else if (extname(path) === '.py') unitFiles.push(path);
    else if (extname(path) === '.json') designs.push(await readJson(path));
    else throw new InputError(`cannot check ${path}: expected a design folder, a design .json or unit .py files`);
  }
  if (unitFiles.length > 0) designs.push(await designFromUnitFiles(unitFiles, analyzeUnits));
  return designs;
}

async function readFolderOrCollection(path: string): Promise<Design[]> {
  if (await isFile(join(path, DESIGN_FILE))) return [await readFolder(path)];
  const entries = (await readdir(path, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const members: string[] = [];
  for (const name of entries) if (await isFile(join(path, name, DESIGN_FILE))) members.push(join(path, name));
  if (members.length === 0) {
    throw new InputError(`${path} holds no ${DESIGN_FILE} and no design folders`, {
      hint: `a design folder holds ${DESIGN_FILE} and units/<Unit>.py (see docs/design-format.md)`,
    });
  }
  return Promise.all(members.map(readFolder));
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

async function readFolder(path: string): Promise<Design> {
  try {
    return await readDesignFolder(path);
  } catch (error) {
    throw new InputError(`cannot read design folder ${path}: ${describe(error)}`, {
      hint: `a design folder holds ${DESIGN_FILE} and units/<Unit>.py (see docs/design-format.md)`,
      cause: error,
    });
  }
}

async function readJson(path: string): Promise<Design> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describe(error)}`, { cause: error });
  }
  const inline = DesignSchema.safeParse(data);
  if (inline.success) return inline.data;
  return readFolder(path);
}

/** One design from loose unit files: the root is the one unit no other unit declares as a child. */
export async function designFromUnitFiles(files: string[], analyzeUnits: AnalyzeUnits): Promise<Design> {
  const sources = await Promise.all(files.map(async (file) => ({ code: await readFile(file, 'utf8'), filename: basename(file) })));
  const analyses = await analyzeUnits(sources);
  const units: Design['units'] = {};
  const declares: Record<string, UnitDecl> = {};
  analyses.forEach((analysis, index) => {
    const source = sources[index]!;
    const name = analysis.unitName ?? basename(source.filename, '.py');
    if (units[name]) throw new InputError(`two files define unit ${name}`);
    for (const child of analysis.declaredChildren) declares[child.unitname] = child;
    units[name] = {
      name,
      code: source.code,
      children: analysis.declaredChildren.map((child) => child.unitname),
      args: analysis.args,
      document: analysis.docstring ?? '',
      inputs: ['X'],
      outputs: ['Y'],
      reuseFrom: null,
      rating: null,
      description: '',
    };
  });
  const declared = new Set(Object.keys(declares));
  const roots = Object.keys(units).filter((name) => !declared.has(name));
  if (roots.length !== 1) {
    throw new InputError(
      roots.length === 0
        ? 'no root unit among the files: every unit is declared as a child of another'
        : `several root units among the files (${roots.join(', ')}): pass the units of one design`,
    );
  }
  const name = basename(dirname(resolve(files[0]!))) || roots[0]!;
  return DesignSchema.parse({ name, root: roots[0], units, declares });
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
