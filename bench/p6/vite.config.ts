import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Bench-only build of the P6 render page: `vite build --config bench/p6/vite.config.ts`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../out/p6', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
