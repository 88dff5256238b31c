import { Workbox } from 'workbox-window';
import { OUTBOX_SYNC_TAG } from './offline-names';
import { pageSettled } from './page-settled';

/*
 * The service worker of the installable field app (docs/field.md): registered from a lazily loaded chunk, never
 * from the map page's first JavaScript (P1), and only once the page has settled (src/lib/page-settled.ts: the map's
 * zones painted), so that its precache of the shell does not share a weak link with them (P8). Production builds
 * only (the dev server has none).
 */

let registration: Promise<ServiceWorkerRegistration | undefined> | null = null;

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
    return Promise.resolve(undefined);
  }
  registration ??= pageSettled.then(() => new Workbox('/sw.js').register()).catch(() => undefined);
  return registration;
}

/** Ask for Background Sync of the outbox where the browser offers it (Chromium); elsewhere the next open sends it. */
export async function requestOutboxSync(): Promise<void> {
  const ready = await registerServiceWorker();
  const sync = (ready as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)
    ?.sync;
  await sync?.register(OUTBOX_SYNC_TAG).catch(() => undefined);
}

/** Called when the service worker relays a Background Sync of the outbox. */
export function onOutboxSync(handler: () => void): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => undefined;
  const listener = (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'outbox-sync') handler();
  };
  navigator.serviceWorker.addEventListener('message', listener);
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}

/** Resolves once a service worker controls this page (its reads then go through the worker's cache). */
export function whenControlled(): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return Promise.resolve();
  if (navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) =>
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
  );
}
