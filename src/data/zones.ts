import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import {
  taskListSchema,
  ZONE_PAGE_SIZE,
  zoneFeatureSchema,
  zonePageSchema,
  type ZoneCollection,
} from '../shared/zones/zone';

// The zones resource (/api/zones…): the keys of everything under a zone, the list, one zone and its tasks. Its
// writes (zone-writes.ts) and history (zone-history.ts) are apart so that the map page's first JavaScript holds
// only what it reads (P1, scripts/check-size.ts).

/**
 * Every zone key, said once. A zone's sections (tasks, history, flood, 督办, cases, checks, photos) are keyed
 * under its detail, so invalidating `zoneKeys.all` after a write refreshes them too.
 */
export const zoneKeys = {
  all: ['zones'] as const,
  list: () => [...zoneKeys.all, 'list'] as const,
  detail: (id: string) => [...zoneKeys.all, 'detail', id] as const,
  tasks: (id: string) => [...zoneKeys.detail(id), 'tasks'] as const,
  history: (id: string) => [...zoneKeys.detail(id), 'history'] as const,
  flood: (id: string) => [...zoneKeys.detail(id), 'flood'] as const,
  supervisions: (id: string) => [...zoneKeys.detail(id), 'supervisions'] as const,
  cases: (id: string) => [...zoneKeys.detail(id), 'cases'] as const,
  checks: (id: string) => [...zoneKeys.detail(id), 'checks'] as const,
  photos: (id: string) => [...zoneKeys.detail(id), 'photos'] as const,
};

/**
 * Every zone, read in pages of ZONE_PAGE_SIZE (P3: no GeoJSON answer over the limit): a town's zones in one
 * request, a county's in a few at once after the first says how many there are.
 */
export async function fetchAllZones(signal?: AbortSignal): Promise<ZoneCollection> {
  const page = (offset: number) =>
    getJson(`/api/zones?limit=${ZONE_PAGE_SIZE}&offset=${offset}`, zonePageSchema, signal);
  const first = await page(0);
  const offsets: number[] = [];
  for (let offset = ZONE_PAGE_SIZE; offset < first.numberMatched; offset += ZONE_PAGE_SIZE) offsets.push(offset);
  const rest = await Promise.all(offsets.map(page));
  // A zone added between two pages can shift another into the next page: each once.
  const byId = new Map(first.features.map((zone) => [zone.id, zone]));
  for (const zone of rest.flatMap((answer) => answer.features)) byId.set(zone.id, zone);
  return { type: 'FeatureCollection', features: [...byId.values()] };
}

export const zonesQuery = () =>
  queryOptions({
    queryKey: zoneKeys.list(),
    queryFn: ({ signal }) => fetchAllZones(signal),
  });

export const zoneQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.detail(id),
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(id)}`, zoneFeatureSchema, signal),
  });

export const zoneTasksQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.tasks(id),
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(id)}/tasks`, taskListSchema, signal),
  });

export const useZones = () => useQuery(zonesQuery());
export const useZone = (id: string) => useQuery(zoneQuery(id));
export const useZoneTasks = (id: string) => useQuery(zoneTasksQuery(id));
