/**
 * "The page has settled": the map page's zones have painted once (or cannot: their request failed), or a page
 * without a map has loaded and the browser has had an idle moment. What the first view does not need (the service
 * worker and its precache, the header's end, the sidebar's figures, filters and list, the map's legend and overlays) waits
 * for it, so that it competes with the zones neither for a weak link (P8) nor for the main thread (P2). Offline, the
 * pages settle as soon as their cached data has painted (or failed); if nothing settles it, a timer does.
 */

/** At most this long after start-up, whatever happens (a map that never paints must not hold the rest back). */
const FALLBACK_MS = 10_000;

let settle!: () => void;
export const pageSettled = new Promise<void>((resolve) => {
  settle = resolve;
});
setTimeout(() => settle(), FALLBACK_MS);

/** The map page's zones have painted (or cannot: their request failed). */
export const markPageSettled = () => settle();

/** For a page without a map: settled once the page has loaded and the browser has a quiet moment. */
export function settleAfterLoad(): void {
  // Safari has no requestIdleCallback.
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(settle, { timeout: 1000 }) : settle());
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
