import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressPlugin } from './scripts/precompress';
import { API_CACHE, PHOTO_CACHE } from './src/lib/offline-names';

export default defineConfig({
  resolve: {
    alias: [
      // react-i18next's stand-in for React before 18: React 19 has it (P1: 0.3 KiB of the first JavaScript).
      {
        find: /^use-sync-external-store\/shim$/,
        replacement: fileURLToPath(new URL('./src/lib/use-sync-external-store.ts', import.meta.url)),
      },
    ],
  },
  plugins: [
    react(),
    // The installable field app (docs/field.md): a web app manifest and a Workbox service worker that precaches
    // the app shell and keeps the user's API reads for offline use. Registered after the first paint, from a
    // lazily loaded chunk (src/lib/service-worker.ts), never from the map page's first JavaScript (P1).
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      registerType: 'autoUpdate',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: '锦溪镇环境综合整治 一张图',
        short_name: '931 一张图',
        description: '锦溪镇“931”环境综合整治：我的工作、拍照取证、离线待上传',
        lang: 'zh-CN',
        start_url: '/work',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d3b53',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,json,woff2}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ogc/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Background Sync wakes the open app to send its outbox (public/sw-outbox-sync.js).
        importScripts: ['/sw-outbox-sync.js'],
        runtimeCaching: [
          {
            // Photo derivatives never change (private, immutable): the before-photos to match stay on the phone.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin && /^\/api\/photos\/[^/]+\/(thumb|display)/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: PHOTO_CACHE,
              expiration: { maxEntries: 400, maxAgeSeconds: 60 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // The user's reads (session, campaign, zones, 我的工作, tasks, photos lists, basemap): the network when
            // it answers within a few seconds, else the last copy. Not an upload's offset: only the server's now.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin && url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/uploads/'),
            method: 'GET',
            handler: 'NetworkFirst',
            options: {
              cacheName: API_CACHE,
              networkTimeoutSeconds: 6,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 600 },
            },
          },
        ],
      },
    }),
    precompressPlugin(),
  ],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // .vite/manifest.json: which files each lazily loaded part needs, for the pages' preloads (page-preload.ts).
    manifest: true,
    // No polyfill for `<link rel="modulepreload">` (P1: about 0.6 KiB of the first JavaScript): every browser of the
    // last three years has it; an older iOS WebView (16 and before) still loads the same scripts, one round trip later.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Small modules the map page's first paint needs and lazy parts share: one chunk, not one each (P1).
            {
              name: 'first-shared',
              test: /@tanstack[\\/]react-query[\\/].*[\\/]queryOptions\.js$|src[\\/]shared[\\/](time[\\/]dates|campaign[\\/]campaign|zones[\\/]zone|http[\\/]map-page-reads)\.ts$/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
