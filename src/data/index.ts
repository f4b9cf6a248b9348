/**
 * @module Data: corpora to token shards and tokenized evaluation tasks, the inputs of verification
 * (format in docs/verification.md).
 *
 * @example
 * const tokenizer = getTokenizer('byte');
 * const meta = await prepareDataset({ corpus: openCorpus('brown'), tokenizer, out: '.genesys/data/brown-byte' });
 * await prepareEvalTasks({ dataset: '.genesys/data/brown-byte', tokenizer });
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
export { hfCorpus, DEFAULT_HF_ENDPOINT, type HfCorpusOptions } from './corpora/hf-corpus.js';

/** The tokenizer contract and the names we know (`byte`, `gpt2`). */
export { TokenizerInfoSchema, TokenizerNameSchema, TOKENIZER_NAMES, type Tokenizer, type TokenizerInfo, type TokenizerName } from './tokenizers/tokenizer.js';
/** A tokenizer by name; an InputError for an unknown one. */
export { getTokenizer } from './tokenizers/get-tokenizer.js';

/** Writes (or reuses) a dataset folder: train/val/test shards and meta.json. */
export { prepareDataset, PrepareSettingsSchema, type PrepareDatasetOptions, type PrepareSettings, type PrepareProgress } from './shards/prepare-dataset.js';
/** meta.json: its schema (shared with the Python trainer), reader, and the split names. */
export { ShardsMetaSchema, readShardsMeta, dtypeBytes, SPLIT_NAMES, SHARDS_FORMAT, type ShardsMeta, type SplitName, type SplitSummary } from './shards/shards-meta.js';
/** Checks every shard's size and sha256 against meta.json; throws CorruptShardError naming the file. */
export { verifyShards } from './shards/verify-shards.js';
/** The deterministic split: sha1 of a document id as a fraction, and the split it selects. */
export { idHashFraction, splitOfHash, type SplitFractions } from './shards/split-assignment.js';

/** Tokenized evaluation items (`choice`, `pair`, `cloze`) and the known task names. */
export { EvalItemSchema, EVAL_TASK_NAMES, type EvalItem, type EvalTaskName } from './eval-tasks/eval-item.js';
/** Tokenizes the task files of data/eval into `<dataset>/eval/<task>.jsonl`. */
export { prepareEvalTasks, DEFAULT_EVAL_TASKS_DIR, type PrepareEvalTasksOptions, type EvalTaskSummary } from './eval-tasks/prepare-eval-tasks.js';

/** Errors: `offline` (hint names the offline corpora) and `corrupt_shard`. */
export { OfflineError, CorruptShardError } from './errors.js';
