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
  /** The event's version (ETag, If-Match to change or delete it). */
  version: z.int(),
  /** When it was deleted (only in the list of deleted events, `?deleted=true`). */
  deletedAt: z.nullable(z.string()),
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

/** Changing an event: the same fields; a point with `id` is one of the event's points (changed), one without is new; the event's points not listed are taken out. */
export const floodEventUpdateBodySchema = z.strictObject({
  ...floodEventBodySchema.shape,
  points: z
    .array(
      z.strictObject({
        ...waterloggingPointBodySchema.shape,
        id: z.optional(z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'a point id is a positive whole number'))),
      }),
    )
    .check(z.maxLength(500)),
});
export type FloodEventUpdateBody = z.infer<typeof floodEventUpdateBodySchema>;

/** A photo of a waterlogging point (its images: `/api/flood-point-photos/:id/thumb` and `/display`). */
export const pointPhotoSchema = z.object({
  id: z.string(),
  width: z.int(),
  height: z.int(),
  createdAt: z.string(),
});
export type PointPhoto = z.infer<typeof pointPhotoSchema>;
export const pointPhotoUrl = (photoId: string, kind: 'thumb' | 'display') =>
  `/api/flood-point-photos/${photoId}/${kind}`;

export const waterloggingPointSchema = z.object({
  id: z.string(),
  coordinates: z.tuple([z.number(), z.number()]),
  depthCm: z.int(),
  observedAt: z.nullable(z.string()),
  notes: z.string(),
  zoneId: z.nullable(z.string()),
  photos: z.array(pointPhotoSchema),
});
export type WaterloggingPoint = z.infer<typeof waterloggingPointSchema>;

/** One event with its points, as the editor and the 灾后总结 read it. */
export const floodEventDetailSchema = z.object({
  ...floodEventSchema.shape,
  points: z.array(waterloggingPointSchema),
});
export type FloodEventDetail = z.infer<typeof floodEventDetailSchema>;

const changedValue = z.union([z.string(), z.number(), z.null()]);
/** What one write changed: a field of the event, or a point added, taken out or changed (depth, place, notes). */
export const floodEventChangeSchema = z.object({
  field: z.enum([
    'occurredOn',
    'rainfallMm',
    'notes',
    'pointAdded',
    'pointRemoved',
    'pointDepth',
    'pointMoved',
    'pointNotes',
  ]),
  pointId: z.nullable(z.string()),
  before: changedValue,
  after: changedValue,
});
export type FloodEventChange = z.infer<typeof floodEventChangeSchema>;

export const FLOOD_EVENT_ACTIONS = ['created', 'updated', 'deleted', 'restored'] as const;
/** An event's history, oldest first: who (their name), when, what. */
export const floodEventHistorySchema = z.array(
  z.object({
    at: z.string(),
    actor: z.nullable(z.string()),
    action: z.enum(FLOOD_EVENT_ACTIONS),
    changes: z.array(floodEventChangeSchema),
  }),
);
export type FloodEventHistory = z.infer<typeof floodEventHistorySchema>;

/** The parts of an event a change compares (what the audit keeps before and after each write). */
export type FloodEventSnapshot = Pick<FloodEventDetail, 'occurredOn' | 'rainfallMm' | 'notes'> & {
  points: Pick<WaterloggingPoint, 'id' | 'coordinates' | 'depthCm' | 'notes'>[];
};

/** What changed between two snapshots of an event (either may be missing: created, deleted). */
export function floodEventChanges(
  before: FloodEventSnapshot | null,
  after: FloodEventSnapshot | null,
): FloodEventChange[] {
  const changes: FloodEventChange[] = [];
  const field = (name: 'occurredOn' | 'rainfallMm' | 'notes') => {
    const from = before?.[name] ?? null;
    const to = after?.[name] ?? null;
    if (from !== to) changes.push({ field: name, pointId: null, before: from, after: to });
  };
  if (before && after) {
    field('occurredOn');
    field('rainfallMm');
    field('notes');
  }
  const old = new Map((before?.points ?? []).map((point) => [point.id, point]));
  const now = new Map((after?.points ?? []).map((point) => [point.id, point]));
  const place = (point: { coordinates: readonly [number, number] }) =>
    `${point.coordinates[0].toFixed(6)},${point.coordinates[1].toFixed(6)}`;
  if (!before || !after) return changes;
  for (const [id, point] of now) {
    const was = old.get(id);
    if (!was) {
      changes.push({ field: 'pointAdded', pointId: id, before: null, after: point.depthCm });
      continue;
    }
    if (was.depthCm !== point.depthCm) {
      changes.push({ field: 'pointDepth', pointId: id, before: was.depthCm, after: point.depthCm });
    }
    if (place(was) !== place(point)) {
      changes.push({ field: 'pointMoved', pointId: id, before: place(was), after: place(point) });
    }
    if (was.notes !== point.notes) {
      changes.push({ field: 'pointNotes', pointId: id, before: was.notes, after: point.notes });
    }
  }
  for (const [id, point] of old) {
    if (!now.has(id)) changes.push({ field: 'pointRemoved', pointId: id, before: point.depthCm, after: null });
  }
  return changes;
}
