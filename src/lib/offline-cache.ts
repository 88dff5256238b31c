import { API_CACHE, PHOTO_CACHE } from './offline-names';

/* The service worker's caches as the app reads them (docs/field.md); no Workbox code, so the login page can clear them. */

/** The reads whose cached copies say how old the data shown offline is. */
export const FIELD_DATA_PATHS = ['/api/my-tasks', '/api/zones', '/api/campaign'] as const;

/**
 * When the oldest of the cached copies of these reads was fetched from the server (its Date header), or null
 * when none is cached. Offline, that is how old the data on the screen is.
 */
export async function cachedDataTime(paths: readonly string[] = FIELD_DATA_PATHS): Promise<string | null> {
  if (typeof caches === 'undefined') return null;
  const cache = await caches.open(API_CACHE);
  let oldest: number | null = null;
  for (const path of paths) {
    const answer = await cache.match(path, { ignoreVary: true });
    const date = answer?.headers.get('Date');
    const time = date ? Date.parse(date) : NaN;
    if (Number.isFinite(time)) oldest = oldest === null ? time : Math.min(oldest, time);
  }
  return oldest === null ? null : new Date(oldest).toISOString();
}

/** Forget the cached reads and photos (logout: the next person on this phone must not see them). */
export async function clearOfflineData(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all([caches.delete(API_CACHE), caches.delete(PHOTO_CACHE)]);
}
