import * as z from 'zod/mini';
import { itemCodeSchema } from './campaign';
import { taskStatusSchema, zoneGeometrySchema, zoneStatusSchema } from '../zones/zone';
import { placeSchema } from '../geo/basemap';

/**
 * Sample zones are stored with dates relative to the day the data folder is seeded, so the demo
 * stays alive whenever it is started. Offsets are whole days (negative = in the past).
 */
export const sampleTaskSchema = z.object({
  title: z.string().check(z.minLength(1)),
  measures: z.string(),
  assignedUnit: z.string().check(z.minLength(1)),
  dueOffsetDays: z.int(),
  /** When set, the task had an extension: its original due date was this many days from the seed day. */
  originalDueOffsetDays: z.optional(z.int()),
  status: taskStatusSchema,
  reworkCount: z._default(z.int().check(z.minimum(0)), 0),
});

export const sampleZoneSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  category: itemCodeSchema,
  status: zoneStatusSchema,
  leadUnit: z.string().check(z.minLength(1)),
  responsibleUnits: z.array(z.string()),
  startOffsetDays: z.int(),
  endOffsetDays: z.int(),
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  measures: z.string(),
  notes: z._default(z.string(), ''),
  village: z._default(z.nullable(z.string()), null),
  geometry: zoneGeometrySchema,
  tasks: z.array(sampleTaskSchema).check(z.minLength(1)),
});
export type SampleZone = z.infer<typeof sampleZoneSchema>;
export const sampleZonesFileSchema = z.object({
  $comment: z.optional(z.string()),
  zones: z.array(sampleZoneSchema).check(z.minLength(1)),
});

// The base map file's schema lives in basemap.ts (the client reads it too).
export { basemapFeatureSchema, basemapFileSchema, type BasemapFeature } from '../geo/basemap';

export const placesFileSchema = z.object({
  $comment: z.optional(z.string()),
  places: z.array(placeSchema).check(z.minLength(1)),
});
