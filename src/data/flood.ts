import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendForm, sendJson } from '../lib/api';
import {
  floodEventDetailSchema,
  floodEventHistorySchema,
  pointPhotoSchema,
  type FloodEventUpdateBody,
  floodEventSchema,
  floodFacilitySchema,
  floodFrequencySchema,
  floodProfileSchema,
  type FloodEventBody,
  type FloodFacilityBody,
  type FloodProfileBody,
} from '../shared/flood/flood';
import { zoneKeys } from './zones';

// 防汛: the town's rainfall events and waterlogging points (map overlays), and a flood-prone zone's profile,
// facilities and events (its key lives under the zone's: zoneKeys.flood), loaded with the zone panel.

export const floodKeys = {
  all: ['flood'] as const,
  points: ['flood', 'points'] as const,
  frequency: ['flood', 'frequency'] as const,
  events: ['flood', 'events'] as const,
};

const pointCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        pointId: z.string(),
        eventId: z.string(),
        occurredOn: z.string(),
        depthCm: z.int(),
        zoneId: z.nullable(z.string()),
      }),
    }),
  ),
});
export type WaterloggingPoints = z.infer<typeof pointCollectionSchema>;

export const waterloggingQuery = () =>
  queryOptions({
    queryKey: floodKeys.points,
    queryFn: ({ signal }) => getJson('/api/flood-events/points', pointCollectionSchema, signal),
  });
export const floodFrequencyQuery = () =>
  queryOptions({
    queryKey: floodKeys.frequency,
    queryFn: ({ signal }) => getJson('/api/flood-frequency', floodFrequencySchema, signal),
  });
export const floodEventsQuery = () =>
  queryOptions({
    queryKey: floodKeys.events,
    queryFn: ({ signal }) => getJson('/api/flood-events', z.array(floodEventSchema), signal),
  });
export const useFloodEvents = (enabled: boolean) => useQuery({ ...floodEventsQuery(), enabled });
export const useWaterlogging = (enabled: boolean) => useQuery({ ...waterloggingQuery(), enabled });
export const useFloodFrequency = (enabled: boolean) => useQuery({ ...floodFrequencyQuery(), enabled });

/** Record a rainfall event with its waterlogging points; the points layer, frequencies and zone panels refresh. */
export function useRecordFloodEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: FloodEventBody) =>
      (await sendJson('POST', '/api/flood-events', body, floodEventSchema)).data!,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: floodKeys.all }),
        client.invalidateQueries({ queryKey: zoneKeys.all }),
      ]),
  });
}

const floodSectionSchema = z.object({
  profile: z.nullable(floodProfileSchema),
  facilities: z.array(floodFacilitySchema),
  events: z.array(floodEventSchema),
});
export type FloodSection = z.infer<typeof floodSectionSchema>;

export const zoneFloodQuery = (id: string) =>
  queryOptions({
    queryKey: zoneKeys.flood(id),
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
    onSuccess: () => client.invalidateQueries({ queryKey: zoneKeys.flood(zoneId) }),
  });
}

/** One rainfall event with its points and their photos (the event panel, the 灾后总结). */
export const floodEventKeys = {
  detail: (id: string) => ['flood', 'event', id] as const,
  history: (id: string) => ['flood', 'event', id, 'history'] as const,
  deleted: ['flood', 'events', 'deleted'] as const,
};
export const useFloodEvent = (id: string | null) =>
  useQuery({
    queryKey: floodEventKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getJson(`/api/flood-events/${id}`, floodEventDetailSchema, signal),
    enabled: id !== null,
  });
export const useFloodEventHistory = (id: string | null) =>
  useQuery({
    queryKey: floodEventKeys.history(id ?? ''),
    queryFn: ({ signal }) => getJson(`/api/flood-events/${id}/history`, floodEventHistorySchema, signal),
    enabled: id !== null,
  });
export const useDeletedFloodEvents = (enabled: boolean) =>
  useQuery({
    queryKey: floodEventKeys.deleted,
    queryFn: ({ signal }) => getJson('/api/flood-events?deleted=true', z.array(floodEventSchema), signal),
    enabled,
  });

/** Change, delete or restore an event at the version read; every flood view refreshes after. */
export function useEventWrite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (
      input:
        | { action: 'update'; id: string; version: number; body: FloodEventUpdateBody }
        | { action: 'delete' | 'restore'; id: string; version: number },
    ) => {
      const ifMatch = { 'If-Match': `"${input.version}"` };
      if (input.action === 'update') {
        return (await sendJson('PUT', `/api/flood-events/${input.id}`, input.body, floodEventDetailSchema, ifMatch))
          .data;
      }
      if (input.action === 'delete')
        return (await sendJson('DELETE', `/api/flood-events/${input.id}`, undefined, null, ifMatch)).data;
      return (
        await sendJson('POST', `/api/flood-events/${input.id}/restore`, undefined, floodEventDetailSchema, ifMatch)
      ).data;
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: floodKeys.all }),
        client.invalidateQueries({ queryKey: zoneKeys.all }),
      ]),
  });
}

/** Attach photos to a waterlogging point (the photo checks and limits of photo evidence). */
export function useAddPointPhotos(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { pointId: string; files: readonly File[] }) => {
      const form = new FormData();
      for (const file of input.files) form.append('file', file);
      return sendForm(
        `/api/flood-points/${input.pointId}/photos`,
        form,
        z.object({ photos: z.array(pointPhotoSchema) }),
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: floodEventKeys.detail(eventId) }),
  });
}
