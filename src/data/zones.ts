import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import {
  taskListSchema,
  ZONE_PAGE_SIZE,
  zoneCollectionSchema,
  zoneFeatureSchema,
  type ZoneCollection,
  type ZoneFeature,
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
  inspections: (id: string) => [...zoneKeys.detail(id), 'inspections'] as const,
  photos: (id: string) => [...zoneKeys.detail(id), 'photos'] as const,
};

/**
 * Every zone, read in pages of ZONE_PAGE_SIZE by id until one is not full (P3: no GeoJSON answer over the limit):
 * a town's zones in one request, a county's in a few.
 */
export async function fetchAllZones(signal?: AbortSignal): Promise<ZoneCollection> {
  const features: ZoneFeature[] = [];
  for (let received = ZONE_PAGE_SIZE; received === ZONE_PAGE_SIZE;) {
    const url = `/api/zones?limit=${ZONE_PAGE_SIZE}&offset=${features.length}`;
    const page = (await getJson(url, zoneCollectionSchema, signal)).features;
    features.push(...page);
    received = page.length;
  }
  return { type: 'FeatureCollection', features };
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
