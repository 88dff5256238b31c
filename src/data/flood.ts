import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendJson } from '../lib/api';
import {
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
