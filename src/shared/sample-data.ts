import { z } from 'zod';
import { itemCodeSchema } from './campaign';
import { taskStatusSchema, zoneGeometrySchema, zoneStatusSchema } from './zone';
import { basemapLayerSchema, placeSchema } from './basemap';

/**
 * Sample zones are stored with dates relative to the day the data folder is seeded, so the demo
 * stays alive whenever it is started. Offsets are whole days (negative = in the past).
 */
export const sampleTaskSchema = z.object({
  title: z.string().min(1),
  measures: z.string(),
  assignedUnit: z.string().min(1),
  dueOffsetDays: z.number().int(),
  /** When set, the task had an extension: its original due date was this many days from the seed day. */
  originalDueOffsetDays: z.number().int().optional(),
  status: taskStatusSchema,
  reworkCount: z.number().int().min(0).default(0),
});

export const sampleZoneSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  category: itemCodeSchema,
  status: zoneStatusSchema,
  leadUnit: z.string().min(1),
  responsibleUnits: z.array(z.string()),
  startOffsetDays: z.number().int(),
  endOffsetDays: z.number().int(),
  progress: z.number().int().min(0).max(100),
  measures: z.string(),
  notes: z.string().default(''),
  village: z.string().nullable().default(null),
  geometry: zoneGeometrySchema,
  tasks: z.array(sampleTaskSchema).min(1),
});
export type SampleZone = z.infer<typeof sampleZoneSchema>;
export const sampleZonesFileSchema = z.object({
  $comment: z.string().optional(),
  zones: z.array(sampleZoneSchema).min(1),
});

export const basemapFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ layer: basemapLayerSchema, name: z.string(), nameEn: z.string().optional() }),
  geometry: zoneGeometrySchema,
});
export const basemapFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(basemapFeatureSchema).min(1),
});
export type BasemapFeature = z.infer<typeof basemapFeatureSchema>;

export const placesFileSchema = z.object({
  $comment: z.string().optional(),
  places: z.array(placeSchema).min(1),
});
