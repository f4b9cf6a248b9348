/**
 * @module The content-addressed artifact store: `<root>/sha256/ab/cdef…`. Files are written to a
 * temporary name and renamed, so readers never see half a file, and equal content is stored once.
 * Rows refer to artifacts by sha256; the root may be a shared filesystem (GENESYS_ARTIFACTS).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from './db.js';

export interface ArtifactRef {
  sha256: string;
  bytes: number;
  path: string;
}

/** Where the artifact with this hash lives under `root`. */
export function artifactPath(root: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function place(root: string, sha256: string, write: (temporary: string) => Promise<void>): Promise<string> {
  const path = artifactPath(root, sha256);
  if (await exists(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return path;
}

/** Stores bytes (or text); returns their hash and path. */
export async function putArtifact(options: { root: string; data: Uint8Array | string }): Promise<ArtifactRef> {
  const data = typeof options.data === 'string' ? Buffer.from(options.data) : options.data;
  const sha256 = createHash('sha256').update(data).digest('hex');
  const path = await place(options.root, sha256, (temporary) => writeFile(temporary, data));
  return { sha256, bytes: data.byteLength, path };
}

/** Stores a file (streamed, so checkpoints need not fit in memory). */
export async function putArtifactFile(options: { root: string; file: string }): Promise<ArtifactRef> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(options.file), hash);
  const sha256 = hash.digest('hex');
  const path = await place(options.root, sha256, (temporary) => copyFile(options.file, temporary));
  return { sha256, bytes: (await stat(path)).size, path };
}

export async function readArtifact(options: { root: string; sha256: string }): Promise<Buffer> {
  return readFile(artifactPath(options.root, options.sha256));
}

/** Records that an artifact exists, so rows can be checked against the directory. */
export async function registerArtifact(db: Db, options: { sha256: string; bytes: number; mediaType?: string }): Promise<void> {
  await db.query(`INSERT INTO artifacts (sha256, bytes, media_type) VALUES ($1, $2, coalesce($3, 'application/octet-stream')) ON CONFLICT (sha256) DO NOTHING`,
    [options.sha256, options.bytes, options.mediaType ?? null]);
}
