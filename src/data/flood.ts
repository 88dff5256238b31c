import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson, sendJson } from '../lib/api';
import { zoneKeys } from '../lib/query-keys';
import { floodEventSchema, floodFrequencySchema, type FloodEventBody } from '../shared/flood/flood';

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
    queryKey: ['flood', 'points'],
    queryFn: ({ signal }) => getJson('/api/flood-events/points', pointCollectionSchema, signal),
  });
export const floodFrequencyQuery = () =>
  queryOptions({
    queryKey: ['flood', 'frequency'],
    queryFn: ({ signal }) => getJson('/api/flood-frequency', floodFrequencySchema, signal),
  });
export const floodEventsQuery = () =>
  queryOptions({
    queryKey: ['flood', 'events'],
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
        client.invalidateQueries({ queryKey: ['flood'] }),
        client.invalidateQueries({ queryKey: zoneKeys.all }),
      ]),
  });
}
