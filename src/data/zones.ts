import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import {
  taskListSchema,
  zoneCollectionSchema,
  zoneFeatureSchema,
  zoneHistorySchema,
  type ZoneGeometry,
  type ZoneWritableProperties,
} from '../shared/zones/zone';

// The zones resource (/api/zones…): the list, one zone, its tasks and history, and every zone write.

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

/** A zone's versions (loaded with the zone panel's history section, not with the map page). */
export const zoneHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.history(id),
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(id)}/history`, zoneHistorySchema, signal),
  });

export const useZones = () => useQuery(zonesQuery());
export const useZone = (id: string) => useQuery(zoneQuery(id));
export const useZoneTasks = (id: string) => useQuery(zoneTasksQuery(id));
export const useZoneHistory = (id: string, enabled: boolean) => useQuery({ ...zoneHistoryQuery(id), enabled });

/** Restore an earlier version as a new one (If-Match: the version the user is looking at). */
export function useRestoreZone(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, currentVersion }: { version: number; currentVersion: number }) =>
      (
        await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/restore`, { version }, zoneFeatureSchema, {
          'If-Match': `"${currentVersion}"`,
        })
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export interface SaveZoneInput {
  /** Absent for a new zone. */
  id?: string;
  /** The version the edit started from (If-Match). */
  version?: number;
  geometry?: ZoneGeometry;
  properties: Partial<ZoneWritableProperties>;
  overlapReason?: string;
  /** A reason to set status/progress by hand on a zone with tasks; null hands them back to the roll-up. */
  statusOverrideReason?: string | null;
}

/** One request per save: POST for a new zone, PATCH with If-Match for a change. */
export function useSaveZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveZoneInput) => {
      const body = {
        ...(input.id ? {} : { type: 'Feature' }),
        ...(input.geometry ? { geometry: input.geometry } : {}),
        properties: input.properties,
        ...(input.overlapReason ? { overlapReason: input.overlapReason } : {}),
        ...(input.statusOverrideReason !== undefined ? { statusOverrideReason: input.statusOverrideReason } : {}),
      };
      const result = input.id
        ? await sendJson('PATCH', `/api/zones/${encodeURIComponent(input.id)}`, body, zoneFeatureSchema, {
            'If-Match': `"${input.version}"`,
          })
        : await sendJson('POST', '/api/zones', body, zoneFeatureSchema);
      return result.data!;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export function useDeleteZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version }: { id: string; version: number }) => {
      await sendJson('DELETE', `/api/zones/${encodeURIComponent(id)}`, undefined, null, { 'If-Match': `"${version}"` });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export type BatchOperation =
  | { op: 'create'; feature: { type: 'Feature'; geometry: ZoneGeometry; properties: Partial<ZoneWritableProperties> } }
  | {
      op: 'update';
      id: string;
      version: number;
      feature: { geometry?: ZoneGeometry; properties?: Partial<ZoneWritableProperties> };
    }
  | { op: 'delete'; id: string; version: number };

/** Several zone writes at once, all or nothing (a split or a merge). */
export function useZoneBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (operations: BatchOperation[]) => {
      await sendJson('POST', '/api/zones/batch', { operations }, null);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}
