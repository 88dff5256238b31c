import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../lib/api';
import { zoneKeys } from '../lib/query-keys';
import { taskListSchema, zoneCollectionSchema, zoneFeatureSchema } from '../shared/zones/zone';

export { zoneKeys };

export const zonesQuery = () =>
  queryOptions({
    queryKey: zoneKeys.list(),
    queryFn: ({ signal }) => getJson('/api/zones', zoneCollectionSchema, signal),
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
