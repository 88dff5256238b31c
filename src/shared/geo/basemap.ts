import * as z from 'zod/mini';
import { zoneGeometrySchema } from '../zones/zone';

/** Layers of the offline base map drawn from the sample data (illustrative, hand-drawn). */
export const BASEMAP_LAYERS = ['outline', 'lake', 'river', 'road'] as const;
export const basemapLayerSchema = z.enum(BASEMAP_LAYERS);

export const placeSchema = z.object({
  code2020: z.string().check(z.regex(/^\d{12}$/)),
  code2023: z.string().check(z.regex(/^\d{12}$/)),
  name: z.string().check(z.minLength(1)),
  shortName: z.string().check(z.minLength(1)),
  kind: z.enum(['community', 'village']),
  lon: z.number().check(z.minimum(-180), z.maximum(180)),
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
});
export type Place = z.infer<typeof placeSchema>;

/** An online basemap offered to the user only when configured on the server. */
export const basemapOptionSchema = z.object({
  id: z.enum(['tianditu-vec', 'tianditu-img', 'osm']),
  tiles: z.array(z.url()),
  labelTiles: z.optional(z.array(z.url())),
  attribution: z.string(),
  maxZoom: z.int(),
});
export type BasemapOption = z.infer<typeof basemapOptionSchema>;

/** A 社区's or 村's demo account (its username is the unit's id). */
export const demoUnitAccountSchema = z.object({
  username: z.string(),
  unit: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['community', 'village']),
});
export type DemoUnitAccount = z.infer<typeof demoUnitAccountSchema>;

export const clientConfigSchema = z.object({
  basemaps: z.array(basemapOptionSchema),
  sampleData: z.boolean(),
  /** Anonymous visitors may read the map. */
  publicRead: z.optional(z.boolean()),
  /** Demo accounts exist (password shown on the login page). */
  demoAccounts: z.optional(z.boolean()),
  /** Demo mode: the 社区 and 村 demo accounts, listed on the login page grouped 社区 / 村. */
  demoUnitAccounts: z.optional(z.array(demoUnitAccountSchema)),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export const basemapFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ layer: basemapLayerSchema, name: z.string(), nameEn: z.optional(z.string()) }),
  geometry: zoneGeometrySchema,
});
export const basemapFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(basemapFeatureSchema).check(z.minLength(1)),
});
export type BasemapFeature = z.infer<typeof basemapFeatureSchema>;
