/**
 * @module Hugging Face datasets: one config and split of the Hub's parquet export as a corpus,
 * downloaded once into a cache and read locally (so a second run works offline).
 */
import { InputError } from '../../core/errors.js';
import { openHubParquet } from '../hub/hub-parquet.js';
import type { Corpus } from './corpus.js';
import { readParquetTexts } from './parquet-corpus.js';

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

/** `hf:OWNER/NAME[:CONFIG[:SPLIT]]`: ids are `<repo>/<config>/<split>/<file index>:<row>`. */
export function hfCorpus(options: HfCorpusOptions): Corpus {
  const { repo, textField = 'text', cacheDir, endpoint } = options;
  const split = options.split ?? 'train';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new InputError(`not a Hugging Face dataset name: "${repo}" (expected OWNER/NAME)`);
  // Written back in the grammar it was parsed from; an empty config means "the default".
  const tail = options.split !== undefined ? `:${options.config ?? ''}:${options.split}` : options.config !== undefined ? `:${options.config}` : '';
  return {
    spec: `hf:${repo}${tail}`,
    async *documents() {
      const hub = await openHubParquet({ repo, cacheDir, endpoint });
      const config = hub.chooseConfig(options.config);
      let fileIndex = 0;
      for await (const local of hub.splitFiles(config, split)) {
        yield* readParquetTexts(local, textField, `${repo}/${config}/${split}/${fileIndex}`);
        fileIndex += 1;
      }
    },
  };
}
