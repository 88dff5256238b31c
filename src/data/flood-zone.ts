import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendJson } from '../lib/api';
import { zoneKeys } from '../lib/query-keys';
import {
  floodEventSchema,
  floodFacilitySchema,
  floodProfileSchema,
  type FloodFacilityBody,
  type FloodProfileBody,
} from '../shared/flood/flood';

// Flood data queries live apart from zones.queries so that they load with the zone panel, not with the map page.

const floodSectionSchema = z.object({
  profile: z.nullable(floodProfileSchema),
  facilities: z.array(floodFacilitySchema),
  events: z.array(floodEventSchema),
});
export type FloodSection = z.infer<typeof floodSectionSchema>;

export const zoneFloodQuery = (id: string) =>
  queryOptions({
    queryKey: [...zoneKeys.detail(id), 'flood'],
    queryFn: ({ signal }) => getJson(`/api/zones/${encodeURIComponent(id)}/flood`, floodSectionSchema, signal),
  });
export const useZoneFlood = (id: string, enabled: boolean) => useQuery({ ...zoneFloodQuery(id), enabled });

/** Save the flood profile: created without If-Match, changed with the version shown. */
export function useSaveFloodProfile(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, version }: { body: FloodProfileBody; version: number | null }) =>
      (
        await sendJson(
          'PUT',
          `/api/zones/${encodeURIComponent(zoneId)}/flood`,
          body,
          floodProfileSchema,
          version === null ? {} : { 'If-Match': `"${version}"` },
        )
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: zoneKeys.detail(zoneId) }),
  });
}

export function useFloodChecklist(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      (
        await sendJson(
          'POST',
          `/api/zones/${encodeURIComponent(zoneId)}/flood/checklist`,
          undefined,
          z.object({ created: z.int(), skipped: z.int(), season: z.string() }),
        )
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: zoneKeys.all }),
  });
}

/** Add a facility (pump station, outfall, flood wall, inlet, monitor) drawn on the map to a flood-prone area. */
export function useAddFacility(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: FloodFacilityBody) =>
      (await sendJson('POST', `/api/zones/${encodeURIComponent(zoneId)}/flood/facilities`, body, floodFacilitySchema))
        .data!,
    onSuccess: () => client.invalidateQueries({ queryKey: [...zoneKeys.detail(zoneId), 'flood'] }),
  });
}
