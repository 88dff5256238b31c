import { useSyncExternalStore } from 'react';
import type { Role } from '../shared/admin/auth';
import type { HttpMethod } from '../shared/campaign/authorization';

/**
 * The authorization matrix (src/shared/campaign/authorization.ts, the one the server enforces) for the UI's
 * controls and page gates, loaded beside the map page rather than in its first JavaScript (P1): the map paints
 * without it, and the controls it allows appear when it has arrived (a few kilobytes, fetched at start). Until
 * then `canCall` answers false; pages other than the map wait for it (`usePermissionsLoaded`).
 */
type Matrix = typeof import('../shared/campaign/authorization');

let matrix: Matrix | null = null;
const listeners = new Set<() => void>();

/** Settles when the matrix has loaded (tests await it). */
export const permissionsLoaded: Promise<void> = import('../shared/campaign/authorization').then((module) => {
  matrix = module;
  for (const listener of listeners) listener();
});

/** May this role call the route at all (own-unit routes count as possible)? False until the matrix has loaded. */
export function canCall(role: Role | null, method: HttpMethod, url: string): boolean {
  return matrix?.canCall(role, method, url) ?? false;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Whether the matrix has loaded; a component using it renders again when it does. */
export function usePermissionsLoaded(): boolean {
  return useSyncExternalStore(subscribe, () => matrix !== null);
}
