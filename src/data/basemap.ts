import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { MAP_PAGE_READS } from '../shared/http/map-page-reads';
import { getJson } from '../lib/api';
import { basemapFileSchema, clientConfigSchema } from '../shared/geo/basemap';

const placeCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        name: z.string(),
        shortName: z.string(),
        kind: z.enum(['community', 'village']),
        code2020: z.string(),
        code2023: z.string(),
      }),
    }),
  ),
});
export type PlaceCollection = z.infer<typeof placeCollectionSchema>;

const emptyCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.never()) });

export const basemapQuery = () =>
  queryOptions({
    queryKey: ['basemap'],
    queryFn: ({ signal }) => getJson(MAP_PAGE_READS.basemap, z.union([basemapFileSchema, emptyCollection]), signal),
    staleTime: Infinity,
  });
export const placesQuery = () =>
  queryOptions({
    queryKey: ['places'],
    queryFn: ({ signal }) => getJson(MAP_PAGE_READS.places, placeCollectionSchema, signal),
    staleTime: Infinity,
  });
export const clientConfigQuery = () =>
  queryOptions({
    queryKey: ['config'],
    queryFn: ({ signal }) => getJson('/api/config', clientConfigSchema, signal),
    staleTime: Infinity,
  });

export const useBasemap = () => useQuery(basemapQuery());
export const usePlaces = () => useQuery(placesQuery());
export const useClientConfig = () => useQuery(clientConfigQuery());
