/**
 * @module Data: corpora to token shards and tokenized evaluation tasks, the inputs of verification
 * (format in docs/verification.md).
 *
 * @example
 * const tokenizer = getTokenizer('byte');
 * const meta = await prepareDataset({ corpus: openCorpus('brown'), tokenizer, out: '.genesys/data/brown-byte' });
 * await prepareEvalTasks({ dataset: '.genesys/data/brown-byte', tokenizer });
 * // or the full official sets instead of data/eval's subsets (needs the Hub once):
 * await downloadEvalTasks({ out: '.genesys/data/.cache/eval-official', cacheDir: '.genesys/data/.cache/hf' });
 * await prepareEvalTasks({ dataset: '.genesys/data/brown-byte', tokenizer, tasksDir: '.genesys/data/.cache/eval-official' });
 */

/** A document (`{id, text}`) and the re-readable corpus interface every source implements. */
export { CorpusDocumentSchema, type CorpusDocument, type Corpus } from './corpora/corpus.js';
/** Opens a corpus from its spec (`brown`, `text:PATH`, `jsonl:PATH`, `parquet:PATH`, `hf:OWNER/NAME[:CONFIG[:SPLIT]]`); `corpusSlug` names it for folders. */
export { openCorpus, corpusSlug, type OpenCorpusOptions } from './corpora/open-corpus.js';
/** The bundled Brown Corpus (500 documents), offline. */
export { brownCorpus } from './corpora/brown-corpus.js';
/** Brown form C (`word/tag`) to natural text. */
export { detokenizeBrown } from './corpora/detokenize-brown.js';
/** Corpora from local files: blank-line-separated .txt blocks or files, JSON Lines, parquet. */
export { textCorpus, type TextCorpusOptions } from './corpora/text-corpus.js';
export { jsonlCorpus, type JsonlCorpusOptions } from './corpora/jsonl-corpus.js';
export { parquetCorpus, type ParquetCorpusOptions } from './corpora/parquet-corpus.js';
/** A Hugging Face dataset split via the Hub's parquet export, cached for offline reuse. */
export { hfCorpus, type HfCorpusOptions } from './corpora/hf-corpus.js';
/** The Hub's parquet export of a dataset: its configs and cached local copies of a split's files (shared by `hf:` corpora and the official evaluation sets). */
export { openHubParquet, DEFAULT_HF_ENDPOINT, type HubParquet, type OpenHubParquetOptions } from './hub/hub-parquet.js';

/** The tokenizer contract and the names we know (`byte`, `gpt2`). */
export { TokenizerInfoSchema, TokenizerNameSchema, TOKENIZER_NAMES, type Tokenizer, type TokenizerInfo, type TokenizerName } from './tokenizers/tokenizer.js';
/** A tokenizer by name; an InputError for an unknown one. */
export { getTokenizer } from './tokenizers/get-tokenizer.js';

/** Writes (or reuses) a dataset folder: train/val/test shards and meta.json. */
export { prepareDataset, PrepareSettingsSchema, type PrepareDatasetOptions, type PrepareSettings, type PrepareProgress } from './shards/prepare-dataset.js';
/** meta.json: its schema (shared with the Python trainer), reader, and the split names. */
export { ShardsMetaSchema, readShardsMeta, dtypeBytes, SPLIT_NAMES, SHARDS_FORMAT, type ShardsMeta, type SplitName, type SplitSummary } from './shards/shards-meta.js';
/** Checks every shard's size and sha256 against meta.json; throws CorruptShardError naming the file. */
export { checkShardFiles, verifyShards } from './shards/verify-shards.js';
/** The deterministic split: sha1 of a document id as a fraction, and the split it selects. */
export { idHashFraction, splitOfHash, type SplitFractions } from './shards/split-assignment.js';

/** Tokenized evaluation items (`choice`, `pair`, `cloze`) and the known task names. */
export { EvalItemSchema, EVAL_TASK_NAMES, type EvalItem, type EvalTaskName } from './eval-tasks/eval-item.js';
/** Tokenizes the task files of data/eval into `<dataset>/eval/<task>.jsonl`. */
export { prepareEvalTasks, DEFAULT_EVAL_TASKS_DIR, type PrepareEvalTasksOptions, type EvalTaskSummary } from './eval-tasks/prepare-eval-tasks.js';
/** Where each task's full official set lives on the Hub (dataset id, config, split): the one table to edit when an id moves. */
export { OFFICIAL_EVAL_SOURCES, OfficialSourceSchema, type OfficialSource } from './eval-sources/official-sources.js';
/** Downloads the full official sets and converts them into data/eval's task schemas (`<out>/<task>.jsonl`), reused once converted. */
export { downloadEvalTasks, OfficialTaskRecordSchema, type DownloadEvalTasksOptions, type OfficialTaskRecord, type OfficialTaskSummary } from './eval-sources/download-eval-tasks.js';

/** Errors: `offline` (hint names the offline fallback: corpora, or the bundled evaluation subsets) and `corrupt_shard`. */
export { OfflineError, CorruptShardError } from './errors.js';
