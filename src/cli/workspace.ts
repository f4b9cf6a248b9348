/**
 * @module The workspace folder: `--workspace`, else `$GENESYS_WORKSPACE`, else `.genesys` here.
 */
import { resolve } from 'node:path';

/** The absolute workspace path for a `--workspace` flag value (or its default). */
export function resolveWorkspace(flag?: string): string {
  return resolve(flag ?? process.env.GENESYS_WORKSPACE ?? '.genesys');
}
