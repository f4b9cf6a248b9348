#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(built)) {
  console.error('genesys: not built yet. Run `npm run build` in the project folder first.');
  process.exit(1);
}
await import(built);
