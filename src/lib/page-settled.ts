/**
 * "The page has settled": the map page's zones have painted once, or a page without a map has loaded and the
 * browser has gone idle. What the first view does not need (the service worker and its precache, the header's
 * end, the sidebar's figures and filters, the map's overlays) waits for it, so that it competes neither with the
 * zones for a weak link (P8) nor for the main thread (P2). Offline, or if nothing settles it, it settles anyway.
 */

/** At most this long after start-up, whatever happens (a map that never paints must not hold the rest back). */
const FALLBACK_MS = 10_000;

let settle: () => void = () => undefined;
export const pageSettled: Promise<void> = new Promise((resolve) => {
  settle = resolve;
});

if (typeof window !== 'undefined') {
  window.setTimeout(() => settle(), FALLBACK_MS);
  // Offline there is nothing to compete with, and the field app must say so at once (docs/field.md).
  if (navigator.onLine === false) settle();
}

/** The map page's zones have painted (or cannot: their request failed). */
export function markPageSettled(): void {
  settle();
}

/** For a page without a map: settled once the page has loaded and the browser has a quiet moment. */
export function settleAfterLoad(): void {
  if (typeof window === 'undefined') return settle();
  const idle = () =>
    'requestIdleCallback' in window ? window.requestIdleCallback(() => settle(), { timeout: 1000 }) : settle();
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
