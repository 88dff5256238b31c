import { queryOptions, useQuery } from '@tanstack/react-query';
import { MAP_PAGE_READS, zonePageUrl, zoneReads } from '../shared/http/map-page-reads';
import { getJson } from '../lib/api';
import { withoutGeometry } from '../shared/geo/bounds';
import {
  GEOJSON_MAX_FEATURES,
  hasGeometry,
  taskListSchema,
  ZONE_PAGE_SIZE,
  zoneFeatureSchema,
  zonePageSchema,
  type ZoneBbox,
  type ZoneList,
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
 * Every zone, read in pages of ZONE_PAGE_SIZE by id (P3: no GeoJSON answer over the limit): a town's zones with
 * their geometry in one request. When the first page's `numberMatched` says there are more than
 * GEOJSON_MAX_FEATURES (a county: the map draws them from vector tiles, docs/quality.md P9), the other pages come
 * at once without geometry (`geometry=none`, each zone with its `bbox`) and the first page's shapes are dropped too,
 * so that every zone of the list has the same light shape.
 */
export async function fetchAllZones(signal?: AbortSignal): Promise<ZoneList> {
  const first = await getJson(MAP_PAGE_READS.zones, zonePageSchema, signal);
  const light = first.numberMatched > GEOJSON_MAX_FEATURES;
  const offsets: number[] = [];
  for (let offset = ZONE_PAGE_SIZE; offset < first.numberMatched; offset += ZONE_PAGE_SIZE) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => getJson(zonePageUrl(offset, light), zonePageSchema, signal)));
  const features = [
    ...(light ? first.features.map(withoutGeometry) : first.features),
    ...rest.flatMap((page) => page.features),
  ];
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
    queryFn: ({ signal }) => getJson(zoneReads(id).zone, zoneFeatureSchema, signal),
  });

/**
 * The zones whose shape meets a box, with their geometry (at most GEOJSON_MAX_FEATURES, P3): the neighbours of a
 * zone edited in a county, whose zone list has no shapes (P9).
 */
export const zonesInBoxQuery = (box: ZoneBbox) =>
  queryOptions({
    queryKey: [...zoneKeys.all, 'in-box', box.join(',')],
    queryFn: async ({ signal }) =>
      (
        await getJson(`/api/zones?bbox=${box.join(',')}&limit=${GEOJSON_MAX_FEATURES}`, zonePageSchema, signal)
      ).features.filter(hasGeometry),
  });

export const zoneTasksQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.tasks(id),
    queryFn: ({ signal }) => getJson(zoneReads(id).tasks, taskListSchema, signal),
  });

export const useZones = () => useQuery(zonesQuery());
export const useZone = (id: string, enabled = true) => useQuery({ ...zoneQuery(id), enabled });
export const useZoneTasks = (id: string) => useQuery(zoneTasksQuery(id));
