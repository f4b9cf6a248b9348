/**
 * @module `genesys serve`: the dashboard and its API over a workspace's store (or a shared
 * PostgreSQL), until Ctrl-C. Loopback by default; another --host needs a token.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/index.js';
import { describeUrl, openStore } from '../../store/index.js';

const FlagsSchema = z.object({
  db: z.string().optional(),
  workspace: z.string().optional(),
  host: z.string().min(1).default(DEFAULT_HOST),
  port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  token: z.string().optional(),
  webRoot: z.string().optional(),
});

export const serveCommand = new Command('serve')
  .description('serve the dashboard: evolution tree, leaderboard, designs, nodes and jobs, live')
  .option('--db <url>', 'postgres:// URL (default: GENESYS_DB, else PGlite in the workspace)')
  .option('--workspace <dir>', 'workspace folder (default: GENESYS_WORKSPACE or .genesys)')
  .option('--host <host>', 'interface to bind; anything but loopback needs a token', DEFAULT_HOST)
  .option('--port <port>', 'port (0 picks a free one)', String(DEFAULT_PORT))
  .option('--token <token>', 'required from clients as Bearer or ?token= (default: GENESYS_TOKEN)')
  .option('--web-root <dir>', 'the built dashboard (default: dist/web of this package)')
  .action(async (rawFlags: Record<string, unknown>) => {
    const flags = FlagsSchema.parse(rawFlags);
    const token = flags.token ?? (process.env.GENESYS_TOKEN || undefined);
    const store = await openStore({ workspace: flags.workspace, db: flags.db });
    try {
      const server = await startServer({ store, host: flags.host, port: flags.port, token, webRoot: flags.webRoot });
      const where = store.location.url ? describeUrl(store.location.url) : `PGlite in ${store.location.workspace}`;
      console.error(`dashboard: ${server.url}${token ? '?token=<token>' : ''} (store: ${where}); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await server.close();
    } finally {
      await store.close();
    }
  });
