import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactPath, putArtifact, putArtifactFile, readArtifact } from './artifacts.js';

const root = mkdtempSync(join(tmpdir(), 'genesys-artifacts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('artifact store', () => {
  it('stores content under its sha256, once, with no temporary files left', async () => {
    const first = await putArtifact({ root, data: 'checkpoint bytes' });
    expect(first.path).toBe(artifactPath(root, first.sha256));
    expect(first.path).toContain(join('sha256', first.sha256.slice(0, 2), first.sha256.slice(2)));
    const again = await putArtifact({ root, data: Buffer.from('checkpoint bytes') });
    expect(again).toEqual(first);
    const source = join(root, 'log.txt');
    writeFileSync(source, 'checkpoint bytes');
    expect((await putArtifactFile({ root, file: source })).sha256).toBe(first.sha256);
    expect((await readArtifact({ root, sha256: first.sha256 })).toString()).toBe('checkpoint bytes');
    expect(readdirSync(join(root, 'sha256', first.sha256.slice(0, 2)))).toEqual([first.sha256.slice(2)]);
  });

  it('refuses a path that is not a sha256', () => {
    expect(() => artifactPath(root, '../../etc/passwd')).toThrow(/not a sha256/);
  });
});
