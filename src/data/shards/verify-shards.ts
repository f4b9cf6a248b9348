/**
 * @module Checks a prepared dataset's shard files against meta.json: sizes (cheap) or sizes and sha256.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptShardError } from '../errors.js';
import { dtypeBytes, readShardsMeta, SPLIT_NAMES, type ShardsMeta } from './shards-meta.js';

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws CorruptShardError for the first shard that is missing or of the wrong size (or hash, with `checksums`). */
export async function checkShardFiles(dir: string, meta: ShardsMeta, { checksums }: { checksums: boolean }): Promise<void> {
  for (const split of SPLIT_NAMES) {
    for (const shard of meta.splits[split].shards) {
      const path = join(dir, shard.file);
      const info = await stat(path).catch(() => null);
      if (info === null) throw new CorruptShardError(path, 'file not found');
      const expected = shard.tokens * dtypeBytes(meta.dtype);
      if (info.size !== expected) throw new CorruptShardError(path, `${info.size} bytes, expected ${expected}`);
      if (checksums && (await sha256OfFile(path)) !== shard.sha256) throw new CorruptShardError(path, 'sha256 does not match meta.json');
    }
  }
}

/** Reads meta.json and checks every shard's size and sha256; returns the meta when all are intact. */
export async function verifyShards(dir: string): Promise<ShardsMeta> {
  const meta = await readShardsMeta(dir);
  await checkShardFiles(dir, meta, { checksums: true });
  return meta;
}
