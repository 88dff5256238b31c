/**
 * The names the service worker (vite.config.ts) and the app share: its cache of API reads, its cache of photo
 * derivatives and the Background Sync tag of the outbox (also in public/sw-outbox-sync.js, which cannot import).
 */
export const API_CACHE = 'jinxi-api';
export const PHOTO_CACHE = 'jinxi-photos';
export const OUTBOX_SYNC_TAG = 'jinxi-outbox';
