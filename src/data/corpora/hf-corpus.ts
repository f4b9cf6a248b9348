/**
 * @module Hugging Face datasets: the Hub's parquet export of one config and split, downloaded once
 * into a cache and read locally (so a second run works offline).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { OfflineError } from '../errors.js';
import type { Corpus } from './corpus.js';
import { readParquetTexts } from './parquet-corpus.js';

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** `GET /api/datasets/<repo>/parquet`: config -> split -> parquet file URLs. */
const ParquetIndexSchema = z.record(z.string(), z.record(z.string(), z.array(z.string())));
type ParquetIndex = z.infer<typeof ParquetIndexSchema>;

export interface HfCorpusOptions {
  /** `OWNER/NAME`. */
  repo: string;
  /** Default: `default` when the dataset has it, else its first config. */
  config?: string;
  /** Default: `train`. */
  split?: string;
  textField?: string;
  /** Where downloads are kept (`<parent of the output>/.cache/hf`). */
  cacheDir: string;
  /** Default: `GENESYS_HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
}

function requestHeaders(): Record<string, string> {
  // Gated datasets need a token; read only from the conventional variable a user sets themselves.
  const token = process.env.HF_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function hubFetch(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: requestHeaders(), redirect: 'follow' });
  } catch (cause) {
    throw new OfflineError(`cannot reach the Hugging Face Hub for ${what} (${url})`, { cause });
  }
  if (response.status === 401 || response.status === 403) {
    throw new InputError(`the Hugging Face Hub refused ${what} (HTTP ${response.status})`, {
      hint: 'for a gated or private dataset, accept its terms on the Hub and set HF_TOKEN',
    });
  }
  if (!response.ok) throw new InputError(`the Hugging Face Hub has no ${what} (HTTP ${response.status} for ${url})`);
  return response;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** The parquet index, fetched when the Hub is reachable, else the cached copy of an earlier run. */
async function parquetIndex(endpoint: string, repo: string, folder: string): Promise<ParquetIndex> {
  const cached = join(folder, 'parquet-index.json');
  try {
    const response = await hubFetch(`${endpoint}/api/datasets/${repo}/parquet`, `dataset ${repo}`);
    const index = ParquetIndexSchema.parse(await response.json());
    await mkdir(folder, { recursive: true });
    await writeFile(cached, JSON.stringify(index, null, 2));
    return index;
  } catch (error) {
    if (error instanceof OfflineError && (await exists(cached))) {
      return ParquetIndexSchema.parse(JSON.parse(await readFile(cached, 'utf8')));
    }
    throw error;
  }
}

function chooseConfig(index: ParquetIndex, repo: string, wanted?: string): string {
  const configs = Object.keys(index).sort();
  const config = wanted ?? (configs.includes('default') ? 'default' : configs[0]);
  if (config === undefined || !(config in index)) {
    throw new InputError(`dataset ${repo} has no config "${wanted ?? ''}" (configs: ${configs.join(', ') || 'none'})`);
  }
  return config;
}

async function download(url: string, target: string): Promise<void> {
  const response = await hubFetch(url, url.split('/').slice(-3).join('/'));
  if (!response.body) throw new OfflineError(`empty response for ${url}`);
  const partial = `${target}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
  } catch (cause) {
    throw new OfflineError(`download of ${url} was interrupted`, { cause });
  }
  await rename(partial, target); // a file under its final name is always complete
}

/** `hf:OWNER/NAME[:CONFIG[:SPLIT]]`: ids are `<repo>/<config>/<split>/<file index>:<row>`. */
export function hfCorpus(options: HfCorpusOptions): Corpus {
  const { repo, textField = 'text', cacheDir } = options;
  const split = options.split ?? 'train';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new InputError(`not a Hugging Face dataset name: "${repo}" (expected OWNER/NAME)`);
  const endpoint = (options.endpoint ?? process.env.GENESYS_HF_ENDPOINT ?? DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
  // Written back in the grammar it was parsed from; an empty config means "the default".
  const tail = options.split !== undefined ? `:${options.config ?? ''}:${options.split}` : options.config !== undefined ? `:${options.config}` : '';
  return {
    spec: `hf:${repo}${tail}`,
    async *documents() {
      const folder = join(cacheDir, repo.replace('/', '__'));
      const index = await parquetIndex(endpoint, repo, folder);
      const config = chooseConfig(index, repo, options.config);
      const urls = index[config]?.[split];
      if (!urls) throw new InputError(`dataset ${repo} (config ${config}) has no split "${split}" (splits: ${Object.keys(index[config] ?? {}).join(', ')})`);
      const splitFolder = join(folder, config, split);
      await mkdir(splitFolder, { recursive: true });
      for (const [fileIndex, url] of urls.entries()) {
        const local = join(splitFolder, `${String(fileIndex).padStart(4, '0')}.parquet`);
        if (!(await exists(local))) await download(url, local);
        yield* readParquetTexts(local, textField, `${repo}/${config}/${split}/${fileIndex}`);
      }
    },
  };
}
