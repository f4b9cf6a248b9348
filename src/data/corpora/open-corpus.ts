/**
 * @module Corpus specs (`brown`, `text:PATH`, `jsonl:PATH`, `parquet:PATH`, `hf:OWNER/NAME[:CONFIG[:SPLIT]]`) to corpora.
 */
import { basename, extname } from 'node:path';
import { InputError } from '../../core/errors.js';
import { brownCorpus } from './brown-corpus.js';
import type { Corpus } from './corpus.js';
import { hfCorpus } from './hf-corpus.js';
import { jsonlCorpus } from './jsonl-corpus.js';
import { parquetCorpus } from './parquet-corpus.js';
import { textCorpus } from './text-corpus.js';

export interface OpenCorpusOptions {
  /** `text:` — one document per file of a folder instead of one per blank-line-separated block. */
  docPerFile?: boolean;
  /** `jsonl:`, `parquet:`, `hf:` — the field or column holding the text (default `text`). */
  textField?: string;
  /** `hf:` — where downloaded parquet files are kept. */
  cacheDir?: string;
  /** `hf:` — the Hub's base URL (default `GENESYS_HF_ENDPOINT`, else https://huggingface.co). */
  hfEndpoint?: string;
}

const SPEC_HINT = 'corpora: brown, text:PATH, jsonl:PATH, parquet:PATH, hf:OWNER/NAME[:CONFIG[:SPLIT]]';

/** Opens the corpus a spec names; throws an InputError for an unknown kind or a missing path. */
export function openCorpus(spec: string, options: OpenCorpusOptions = {}): Corpus {
  if (spec === 'brown') return brownCorpus();
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (rest.length === 0 && ['text', 'jsonl', 'parquet', 'hf'].includes(kind)) {
    throw new InputError(`corpus "${spec}" needs a path or name after "${kind}:"`, { hint: SPEC_HINT });
  }
  switch (kind) {
    case 'text':
      return textCorpus({ path: rest, docPerFile: options.docPerFile });
    case 'jsonl':
      return jsonlCorpus({ path: rest, textField: options.textField });
    case 'parquet':
      return parquetCorpus({ path: rest, textField: options.textField });
    case 'hf': {
      const [repo = '', config, split] = rest.split(':');
      return hfCorpus({
        repo,
        config: config || undefined,
        split: split || undefined,
        textField: options.textField,
        cacheDir: options.cacheDir ?? '.genesys/data/.cache/hf',
        endpoint: options.hfEndpoint,
      });
    }
    default:
      throw new InputError(`unknown corpus "${spec}"`, { hint: SPEC_HINT });
  }
}

/** A short, path-safe name for a corpus spec (`text:/x/tiny.txt` -> `text-tiny`), for default output folders. */
export function corpusSlug(spec: string): string {
  const colon = spec.indexOf(':');
  if (colon < 0) return spec.replace(/[^\w.-]+/g, '-');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  const name = kind === 'hf' ? rest : basename(rest, extname(rest));
  return `${kind}-${name}`.replace(/[^\w.-]+/g, '-').replace(/-+$/, '');
}
