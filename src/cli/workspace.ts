/**
 * @module The workspace folder of a command: `--workspace`, else `$GENESYS_WORKSPACE`, else `.genesys`.
 */
import { resolveStoreLocation } from '../store/index.js';

/** The absolute workspace path for a `--workspace` flag value (or its default). */
export function resolveWorkspace(flag?: string): string {
  return resolveStoreLocation({ workspace: flag }).workspace;
}
