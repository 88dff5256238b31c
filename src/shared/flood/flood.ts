import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

/** Component codes of flood facilities (GB/T 47678.5 管理部件), as the plan's water work needs them. */
export const FLOOD_COMPONENT_CODES = ['01072', '01073', '01071', '01004', '01067'] as const;
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;

const optionalInt = (min: number, max: number) => z.nullable(z.int().check(z.minimum(min), z.maximum(max)));

/** The flood attributes of a low-lying flood-prone area (R4 zone). */
export const floodProfileBodySchema = z.strictObject({
  riskLevel: z.enum(RISK_LEVELS),
  maxDepthCm: optionalInt(0, 500),
  typicalDurationHours: z.nullable(z.number().check(z.minimum(0), z.maximum(720))),
  affectedHouseholds: optionalInt(0, 100_000),
  cause: z.string().check(z.maxLength(2000)),
  drainageMeasures: z.string().check(z.maxLength(2000)),
});
export type FloodProfileBody = z.infer<typeof floodProfileBodySchema>;

export const floodProfileSchema = z.object({
  ...floodProfileBodySchema.shape,
  zoneId: z.string(),
  version: z.int(),
  updatedAt: z.string(),
  updatedBy: z.nullable(z.string()),
});
export type FloodProfile = z.infer<typeof floodProfileSchema>;

const position = z.tuple([
  z.number().check(z.minimum(-180), z.maximum(180)),
  z.number().check(z.minimum(-90), z.maximum(90)),
]);

export const floodFacilityBodySchema = z.strictObject({
  componentCode: z.enum(FLOOD_COMPONENT_CODES),
  name: z.string().check(z.trim(), z.minLength(1, 'a facility needs a name'), z.maxLength(80)),
  geometry: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('Point'), coordinates: position }),
    z.strictObject({
      type: z.literal('LineString'),
      coordinates: z.array(position).check(z.minLength(2), z.maxLength(2000)),
    }),
  ]),
});
export type FloodFacilityBody = z.infer<typeof floodFacilityBodySchema>;

export const floodFacilitySchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  componentCode: z.enum(FLOOD_COMPONENT_CODES),
  name: z.string(),
  geometry: floodFacilityBodySchema.shape.geometry,
  createdAt: z.string(),
});
export type FloodFacility = z.infer<typeof floodFacilitySchema>;

export const waterloggingPointBodySchema = z.strictObject({
  coordinates: position,
  depthCm: z.int().check(z.minimum(0), z.maximum(500)),
  observedAt: z.optional(z.nullable(z.string().check(z.maxLength(40)))),
  notes: z.optional(z.string().check(z.maxLength(500))),
});

/** A rainfall event with the waterlogging observed during it. */
export const floodEventBodySchema = z.strictObject({
  occurredOn: daySchema,
  rainfallMm: z.number().check(z.minimum(0), z.maximum(1000)),
  notes: z.optional(z.string().check(z.maxLength(2000))),
  points: z.array(waterloggingPointBodySchema).check(z.maxLength(500)),
});
export type FloodEventBody = z.infer<typeof floodEventBodySchema>;

export const floodEventSchema = z.object({
  id: z.string(),
  occurredOn: z.string(),
  rainfallMm: z.number(),
  notes: z.string(),
  pointCount: z.int(),
  maxDepthCm: z.nullable(z.int()),
  /** Flood-prone areas in which waterlogging was observed during the event. */
  zoneIds: z.array(z.string()),
});
export type FloodEvent = z.infer<typeof floodEventSchema>;

/** How often each flood-prone area flooded: events with waterlogging inside it, deepest depth. */
export const floodFrequencySchema = z.array(
  z.object({
    zoneId: z.string(),
    name: z.string(),
    events: z.int(),
    maxDepthCm: z.nullable(z.int()),
    lastOn: z.nullable(z.string()),
    /** The risk level of the area's flood profile (null before one is written). */
    riskLevel: z.nullable(z.enum(RISK_LEVELS)),
  }),
);
