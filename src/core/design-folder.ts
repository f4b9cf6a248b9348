/**
 * @module Reading and writing design folders (`design.json` + `units/<Unit>.py`).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DesignSchema, StoredDesignSchema, type Design, type StoredDesign } from './design.js';

export const DESIGN_FILE = 'design.json';

/** Reads a design folder (or the path of its `design.json`) and inlines each unit's code. */
export async function readDesignFolder(path: string): Promise<Design> {
  const file = path.endsWith('.json') ? resolve(path) : join(resolve(path), DESIGN_FILE);
  const folder = dirname(file);
  const stored = StoredDesignSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const units: Design['units'] = {};
  for (const [name, { file: unitFile, ...unit }] of Object.entries(stored.units)) {
    units[name] = { ...unit, code: await readFile(join(folder, unitFile), 'utf8') };
  }
  return DesignSchema.parse({ ...stored, units });
}

/** Writes a design as a folder; each file is written to a temporary name first so a crash leaves no half file. */
export async function writeDesignFolder(folder: string, design: Design): Promise<void> {
  const parsed = DesignSchema.parse(design);
  await mkdir(join(folder, 'units'), { recursive: true });
  const units: StoredDesign['units'] = {};
  for (const [name, { code, ...unit }] of Object.entries(parsed.units)) {
    const unitFile = `units/${name}.py`;
    await writeAtomic(join(folder, unitFile), code);
    units[name] = { ...unit, file: unitFile };
  }
  const stored: StoredDesign = { ...parsed, units };
  await writeAtomic(join(folder, DESIGN_FILE), `${JSON.stringify(stored, null, 2)}\n`);
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
