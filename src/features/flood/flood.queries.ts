import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { getJson } from '../../lib/api';
import { floodFrequencySchema } from '../../shared/flood';

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
export const useWaterlogging = (enabled: boolean) => useQuery({ ...waterloggingQuery(), enabled });
export const useFloodFrequency = (enabled: boolean) => useQuery({ ...floodFrequencyQuery(), enabled });
