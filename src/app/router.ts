import { useCallback, useSyncExternalStore } from 'react';
import { pageOf, type Page } from './routes';

// The one URL source of truth (docs/architecture.md): the history API behind a small store. Pages get the
// query string and a way to change it from here (as props); none reads window.location itself.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
// Back and forward: the one popstate listener of the app.
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const pathname = () => window.location.pathname;
const search = () => window.location.search.replace(/^\?/, '');

/** The page the URL names now, for the app's start (components use `useRoute`). */
export const currentPage = (): Page => pageOf(pathname());

/** Go to a path (a new history entry, no reload). */
export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  notify();
}

/** Change the current entry's URL (a filter or a chosen month: no new history entry). */
export function replaceUrl(href: string): void {
  window.history.replaceState(null, '', href);
  notify();
}

export interface RouteState {
  page: Page;
  pathname: string;
  /** The query string without its `?`. */
  search: string;
  navigate(href: string): void;
  /** Set the query string of the current page: a new history entry if `push`, else in place. */
  setSearch(next: string, options?: { push?: boolean }): void;
}

/** The current page and query string, following in-app navigation and the browser's back and forward. */
export function useRoute(): RouteState {
  const path = useSyncExternalStore(subscribe, pathname);
  const query = useSyncExternalStore(subscribe, search);
  const setSearch = useCallback(
    (next: string, options: { push?: boolean } = {}) => {
      const url = `${path}${next ? `?${next}` : ''}`;
      if (options.push) navigate(url);
      else replaceUrl(url);
    },
    [path],
  );
  return { page: pageOf(path), pathname: path, search: query, navigate, setSearch };
}
