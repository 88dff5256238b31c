import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { supervisionListSchema, supervisionSchema } from '../shared/admin/auth';
import { zoneKeys } from './zones';

// 督办 (supervision) of a zone or one of its tasks: loaded with the zone panel, not with the map page.

export const zoneSupervisionsQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.supervisions(id),
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
