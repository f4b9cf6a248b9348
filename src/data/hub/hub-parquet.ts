/**
 * @module The Hugging Face Hub's parquet export of a dataset: its index (config -> split -> parquet
 * URLs) and local copies of a split's files, downloaded once into a cache (so a second run works offline).
 * Shared by `hf:` corpora and the official evaluation sets.
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

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** `GET /api/datasets/<repo>/parquet`: config -> split -> parquet file URLs. */
const ParquetIndexSchema = z.record(z.string(), z.record(z.string(), z.array(z.string())));
type ParquetIndex = z.infer<typeof ParquetIndexSchema>;

export interface OpenHubParquetOptions {
  /** `OWNER/NAME`. */
  repo: string;
  /** Where downloads are kept; each dataset gets `<cacheDir>/<OWNER>__<NAME>/`. */
  cacheDir: string;
  /** Default: `GENESYS_HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
}

/** One dataset's parquet export, its index already fetched. */
export interface HubParquet {
  repo: string;
  /** Config names, sorted. */
  configs: string[];
  /** `wanted`, else `default` when the dataset has it, else its first config; an InputError naming the configs otherwise. */
  chooseConfig: (wanted?: string) => string;
  /** Local paths of the split's parquet files in order, each downloaded when first reached. */
  splitFiles: (config: string, split: string) => AsyncGenerator<string>;
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

/** Fetches the dataset's parquet index (or reads the cached one offline). */
export async function openHubParquet(options: OpenHubParquetOptions): Promise<HubParquet> {
  const { repo, cacheDir } = options;
  const endpoint = (options.endpoint ?? process.env.GENESYS_HF_ENDPOINT ?? DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
  const folder = join(cacheDir, repo.replace('/', '__'));
  const index = await parquetIndex(endpoint, repo, folder);
  const configs = Object.keys(index).sort();
  return {
    repo,
    configs,
    chooseConfig(wanted) {
      const config = wanted ?? (configs.includes('default') ? 'default' : configs[0]);
      if (config === undefined || !(config in index)) {
        throw new InputError(`dataset ${repo} has no config "${wanted ?? ''}" (configs: ${configs.join(', ') || 'none'})`);
      }
      return config;
    },
    async *splitFiles(config, split) {
      const urls = index[config]?.[split];
      if (!urls) throw new InputError(`dataset ${repo} (config ${config}) has no split "${split}" (splits: ${Object.keys(index[config] ?? {}).join(', ')})`);
      const splitFolder = join(folder, config, split);
      await mkdir(splitFolder, { recursive: true });
      for (const [fileIndex, url] of urls.entries()) {
        const local = join(splitFolder, `${String(fileIndex).padStart(4, '0')}.parquet`);
        if (!(await exists(local))) await download(url, local);
        yield local;
      }
    },
  };
}
