import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { zoneKeys } from '../lib/query-keys';
import { supervisionListSchema, supervisionSchema } from '../shared/admin/auth';
import { zoneFeatureSchema, zoneHistorySchema } from '../shared/zones/zone';

// Queries of the zone panel's sections (督办, history): loaded with the panel, not with the map page.

export const zoneSupervisionsQuery = (id: string) =>
  queryOptions({
    queryKey: [...zoneKeys.detail(id), 'supervisions'],
    queryFn: ({ signal }) =>
      getJson(`/api/zones/${encodeURIComponent(id)}/supervisions`, supervisionListSchema, signal),
  });
export const useZoneSupervisions = (id: string) => useQuery(zoneSupervisionsQuery(id));

/** 督办: mark the zone (or one task) for supervision; the zone list and panel refresh. */
export function useCreateSupervision(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { note: string; deadline: string; taskId: string | null }) =>
      (await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/supervisions`, body, supervisionSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

export const zoneHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.history(id),
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(id)}/history`, zoneHistorySchema, signal),
  });
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
