import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Bench-only build of the bare maplibre page (P2 baseline): `vite build --config bench/bare/vite.config.ts`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../out/bare', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
});
