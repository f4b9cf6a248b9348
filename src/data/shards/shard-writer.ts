/**
 * @module Writes one split's token stream into shard files of a fixed token count, hashing as it goes.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { ShardsMeta, SplitName } from './shards-meta.js';

type Shard = ShardsMeta['splits']['train']['shards'][number];

/** Tokens buffered before a write (4 MiB of uint32). */
const CHUNK_TOKENS = 1 << 20;

// Typed arrays use the machine's byte order and the format is little-endian; every platform Node
// ships for is, but fail loudly rather than write unreadable shards.
if (endianness() !== 'LE') throw new Error('shard writing needs a little-endian machine');

interface OpenShard {
  file: string;
  handle: FileHandle;
  hash: Hash;
  tokens: number;
}

export class ShardWriter {
  readonly #dir: string;
  readonly #split: SplitName;
  readonly #shardTokens: number;
  readonly #buffer: Uint16Array | Uint32Array;
  #buffered = 0;
  #current: OpenShard | null = null;
  readonly #done: Shard[] = [];

  constructor(options: { dir: string; split: SplitName; dtype: ShardsMeta['dtype']; shardTokens: number }) {
    this.#dir = options.dir;
    this.#split = options.split;
    this.#shardTokens = options.shardTokens;
    const size = Math.min(CHUNK_TOKENS, options.shardTokens);
    this.#buffer = options.dtype === 'uint16' ? new Uint16Array(size) : new Uint32Array(size);
  }

  /** Appends token ids; shard files are opened lazily, so a split without tokens has no file. */
  async write(ids: ArrayLike<number>): Promise<void> {
    for (let index = 0; index < ids.length; index++) {
      this.#buffer[this.#buffered++] = ids[index] as number;
      if (this.#buffered === this.#buffer.length || this.#currentTokens() + this.#buffered === this.#shardTokens) await this.#flush();
    }
  }

  /** Flushes and closes the last shard; returns every shard written, in order. */
  async close(): Promise<Shard[]> {
    await this.#flush();
    await this.#finishShard();
    return this.#done;
  }

  #currentTokens(): number {
    return this.#current?.tokens ?? 0;
  }

  async #flush(): Promise<void> {
    if (this.#buffered === 0) return;
    const shard = this.#current ?? (this.#current = await this.#openShard());
    const bytes = new Uint8Array(this.#buffer.buffer, 0, this.#buffered * this.#buffer.BYTES_PER_ELEMENT);
    shard.hash.update(bytes);
    await shard.handle.write(bytes);
    shard.tokens += this.#buffered;
    this.#buffered = 0;
    if (shard.tokens === this.#shardTokens) await this.#finishShard();
  }

  async #openShard(): Promise<OpenShard> {
    const file = `${this.#split}-${String(this.#done.length).padStart(3, '0')}.bin`;
    return { file, handle: await open(join(this.#dir, file), 'w'), hash: createHash('sha256'), tokens: 0 };
  }

  async #finishShard(): Promise<void> {
    const shard = this.#current;
    if (shard === null) return;
    await shard.handle.close();
    this.#done.push({ file: shard.file, tokens: shard.tokens, sha256: shard.hash.digest('hex') });
    this.#current = null;
  }
}
