import { defineConfig, mergeConfig } from 'vite';
import base from './vite.config';

/**
 * The residents' site (/public, PUBLIC_SITE=1; docs/public.md) as a build of its own, into public-site/ inside the
 * staff app's output (run after it: `npm run build`). Nothing of it reaches the staff app's first JavaScript (P1),
 * and the site loads none of the staff app.
 */
export default defineConfig((env) =>
  mergeConfig(typeof base === 'function' ? base(env) : base, {
    base: '/public-site/',
    publicDir: false,
    build: {
      outDir: 'dist/public-site',
      emptyOutDir: true,
      rolldownOptions: { input: 'public.html' },
    },
  }),
);
