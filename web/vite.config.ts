// Builds the dashboard into dist/web, which `genesys serve` serves; `npx vite --config web/vite.config.ts`
// runs it in development against a server on 127.0.0.1:8040.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The graph library alone is ~450 kB; pages load their heavy parts lazily instead.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8040' } },
});
