import { useCallback, useSyncExternalStore } from 'react';

/**
 * The zone under the pointer (on the map or in the list), shared by the map's highlight and the list's rows. It lives
 * outside the page's state: a hover re-renders the two rows it concerns, not the page (with a county's zones and every
 * panel, a page render per crossed row cost more than the highlight itself).
 */
export interface ZoneHover {
  get(): string | null;
  set(id: string | null): void;
  subscribe(listener: () => void): () => void;
}

export function createZoneHover(): ZoneHover {
  let current: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(id) {
      if (id === current) return;
      current = id;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether this zone is the hovered one: the component renders again only when that answer changes. */
export function useZoneHovered(hover: ZoneHover, id: string): boolean {
  const hovered = useCallback(() => hover.get() === id, [hover, id]);
  return useSyncExternalStore(hover.subscribe, hovered);
}
