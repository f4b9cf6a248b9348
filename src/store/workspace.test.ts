import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionError, describeUrl } from './postgres-db.js';
import { resolveStoreLocation } from './workspace.js';

describe('store location', () => {
  it('takes flags over the environment over the defaults', () => {
    expect(resolveStoreLocation({ env: {}, cwd: '/w' })).toEqual({ workspace: '/w/.genesys', url: undefined, artifacts: '/w/.genesys/artifacts' });
    const env = { GENESYS_WORKSPACE: 'ws', GENESYS_DB: 'postgres://h/db', GENESYS_ARTIFACTS: '/shared/artifacts' };
    expect(resolveStoreLocation({ env, cwd: '/w' })).toEqual({ workspace: '/w/ws', url: 'postgres://h/db', artifacts: '/shared/artifacts' });
    expect(resolveStoreLocation({ env, cwd: '/w', workspace: '/abs', db: 'postgres://other/db' })).toMatchObject({ workspace: resolve('/abs'), url: 'postgres://other/db' });
    expect(resolveStoreLocation({ env: {}, cwd: '/w', workspace: 'x' }).artifacts).toBe(join('/w/x', 'artifacts'));
  });

  it('names host, port, user and database in connection errors, never the password', () => {
    const url = 'postgres://alice:s3cret@db.example:6543/genesys';
    expect(describeUrl(url)).toBe('alice@db.example:6543/genesys');
    const auth = connectionError(url, Object.assign(new Error('password authentication failed'), { code: '28P01' }));
    expect(auth.message).toBe('authentication failed for alice@db.example:6543/genesys; nothing was changed');
    expect(auth.hint).toMatch(/user and password/);
    expect(connectionError(url, new Error('weird')).message).not.toContain('s3cret');
    expect(connectionError(url, Object.assign(new Error('x'), { code: 'ENOTFOUND' })).message).toContain('unknown host');
  });
});
