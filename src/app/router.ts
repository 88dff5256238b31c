import { useCallback, useSyncExternalStore } from 'react';
import { pageOf, type Page } from './routes';

// The one URL source of truth (docs/architecture.md): the history API behind a small store. Pages get the
// query string and a way to change it from here (as props); none reads window.location itself.

const listeners = new Set<() => void>();
const readSearch = () => window.location.search.replace(/^\?/, '');
// The query string as of the last change the app was told of: a quiet replace (replaceUrl) is not news to anyone.
let searchSnapshot = readSearch();
const notify = () => {
  searchSnapshot = readSearch();
  listeners.forEach((listener) => listener());
};
// Back and forward: the one popstate listener of the app.
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const pathname = () => window.location.pathname;
const search = () => searchSnapshot;

/** The page the URL names now, for the app's start (components use `useRoute`). */
export const currentPage = (): Page => pageOf(pathname());

/** Go to a path (a new history entry, no reload). */
export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  notify();
}

/**
 * Change the current entry's URL (a filter or a chosen month: no new history entry). `quiet`: the page already shows
 * what the new address says (it wrote it from its own state), so nothing renders again for it, and `useRoute`'s
 * `search` stays as it was until the next change that is news (a navigation, back or forward, a replace that is not
 * quiet). A county's map page rendered everything twice for each filter change before (P9).
 */
export function replaceUrl(href: string, options: { quiet?: boolean } = {}): void {
  window.history.replaceState(null, '', href);
  if (!options.quiet) notify();
}

export interface RouteState {
  page: Page;
  pathname: string;
  /** The query string without its `?`. */
  search: string;
  navigate(href: string): void;
  /**
   * Set the query string of the current page: a new history entry if `push`, else in place (`quiet`: see
   * `replaceUrl`).
   */
  setSearch(next: string, options?: { push?: boolean; quiet?: boolean }): void;
}

/** The current page and query string, following in-app navigation and the browser's back and forward. */
export function useRoute(): RouteState {
  const path = useSyncExternalStore(subscribe, pathname);
  const query = useSyncExternalStore(subscribe, search);
  const setSearch = useCallback(
    (next: string, options: { push?: boolean; quiet?: boolean } = {}) => {
      const url = `${path}${next ? `?${next}` : ''}`;
      if (options.push) navigate(url);
      else replaceUrl(url, { quiet: options.quiet });
    },
    [path],
  );
  return { page: pageOf(path), pathname: path, search: query, navigate, setSearch };
}
