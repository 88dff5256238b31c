import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { zoneFeatureSchema, zoneHistorySchema } from '../shared/zones/zone';
import { zoneKeys } from './zones';

// A zone's history (/api/zones/:id/history) and restoring a version: loaded with the zone panel, not the map page.

/** A zone's versions (loaded with the zone panel's history section, not with the map page). */
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
