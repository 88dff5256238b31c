/*
 * Imported by the service worker (vite.config.ts, workbox importScripts). Background Sync: when the browser
 * regains the network it fires "sync" for the outbox's tag; the open app (src/data/outbox.ts) then sends its
 * queued writes. With no app open the outbox is sent on the next open (docs/field.md).
 */
self.addEventListener('sync', (event) => {
  if (event.tag !== 'jinxi-outbox') return;
  event.waitUntil(
    self.clients
      .matchAll({ type: 'window', includeUncontrolled: true })
      .then((clients) => clients.forEach((client) => client.postMessage({ type: 'outbox-sync' }))),
  );
});
