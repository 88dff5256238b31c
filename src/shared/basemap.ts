import { z } from 'zod';

/** Layers of the offline base map drawn from the sample data (illustrative, hand-drawn). */
export const BASEMAP_LAYERS = ['outline', 'lake', 'river', 'road'] as const;
export const basemapLayerSchema = z.enum(BASEMAP_LAYERS);

export const placeSchema = z.object({
  code2020: z.string().regex(/^\d{12}$/),
  code2023: z.string().regex(/^\d{12}$/),
  name: z.string().min(1),
  shortName: z.string().min(1),
  kind: z.enum(['community', 'village']),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type Place = z.infer<typeof placeSchema>;

/** An online basemap offered to the user only when configured on the server. */
export const basemapOptionSchema = z.object({
  id: z.enum(['tianditu-vec', 'tianditu-img', 'osm']),
  tiles: z.array(z.string().url()),
  labelTiles: z.array(z.string().url()).optional(),
  attribution: z.string(),
  maxZoom: z.number().int(),
});
export type BasemapOption = z.infer<typeof basemapOptionSchema>;

export const clientConfigSchema = z.object({
  basemaps: z.array(basemapOptionSchema),
  sampleData: z.boolean(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;
