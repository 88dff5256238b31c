import * as z from 'zod/mini';
import { daysBetween, isValidDay } from '../time/dates';
import { itemCodeSchema } from '../campaign/campaign';

export const ZONE_STATUSES = ['not_started', 'in_progress', 'pending_acceptance', 'accepted', 'suspended'] as const;
export const zoneStatusSchema = z.enum(ZONE_STATUSES);
export type ZoneStatus = z.infer<typeof zoneStatusSchema>;

export const TASK_STATUSES = ['not_started', 'in_progress', 'pending_acceptance', 'done', 'suspended'] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const daySchema = z.string().check(z.refine(isValidDay, 'expected a calendar date YYYY-MM-DD'));

const positionSchema = z.tuple([z.number(), z.number()]);
/** GeoJSON geometry types a zone may have (RFC 7946, 2-D positions, WGS 84). */
export const zoneGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: positionSchema }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(positionSchema) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(positionSchema)) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(positionSchema)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(positionSchema))) }),
]);
export type ZoneGeometry = z.infer<typeof zoneGeometrySchema>;

/** Properties of a zone feature as the API sends them (camelCase). */
export const zonePropertiesSchema = z.object({
  name: z.string(),
  category: itemCodeSchema,
  status: zoneStatusSchema,
  leadUnit: z.string(),
  responsibleUnits: z.array(z.string()),
  plannedStart: daySchema,
  plannedEnd: daySchema,
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  measures: z.string(),
  notes: z.string(),
  village: z.nullable(z.string()),
  taskCount: z.int().check(z.minimum(0)),
  overdueTaskCount: z.int().check(z.minimum(0)),
  overdue: z.boolean(),
  /** Days overdue, 0 when not ({@link zoneOverdueDays}). */
  overdueDays: z.int().check(z.minimum(0)),
  /** Open 督办 (supervision) marks on the zone or its tasks. */
  supervisionCount: z.int().check(z.minimum(0)),
  /**
   * Why status and progress were set by hand; null when they roll up from the tasks (or the zone
   * has none).
   */
  statusOverrideReason: z.nullable(z.string()),
  version: z.int().check(z.positive()),
  updatedAt: z.string(),
});
export type ZoneProperties = z.infer<typeof zonePropertiesSchema>;

export const zoneFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: zoneGeometrySchema,
  properties: zonePropertiesSchema,
});
export type ZoneFeature = z.infer<typeof zoneFeatureSchema>;

export const zoneCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(zoneFeatureSchema),
});
export type ZoneCollection = z.infer<typeof zoneCollectionSchema>;

/** A zone's box, GeoJSON's `bbox` member (RFC 7946 §5): [west, south, east, north]. */
export const zoneBboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type ZoneBbox = z.infer<typeof zoneBboxSchema>;

/**
 * A zone as the zone list holds it: with its geometry (a town's list), or, past the P3 limit, without
 * (`GET /api/zones?geometry=none`: `geometry` null and its box in `bbox`, absent for an empty shape). What needs the
 * shape of a zone without one reads the zone itself (`GET /api/zones/{id}`).
 */
export const zoneListFeatureSchema = z.extend(zoneFeatureSchema, {
  geometry: z.nullable(zoneGeometrySchema),
  bbox: z.optional(zoneBboxSchema),
});
export type ZoneListFeature = z.infer<typeof zoneListFeatureSchema>;

/** The zone list (data/zones.ts): every zone, all with their geometry or (past the P3 limit) all without. */
export const zoneListSchema = z.extend(zoneCollectionSchema, { features: z.array(zoneListFeatureSchema) });
export type ZoneList = z.infer<typeof zoneListSchema>;

/** One page of `GET /api/zones?limit=&offset=` (with or without geometry) and how many zones match in all. */
export const zonePageSchema = z.extend(zoneListSchema, {
  numberMatched: z.int().check(z.minimum(0)),
  numberReturned: z.int().check(z.minimum(0)),
});

/** `geometry=none` on `GET /api/zones`: the zones without their geometry, each with its box (`bbox`). */
export const ZONE_GEOMETRY_CHOICES = ['full', 'none'] as const;

/** A zone of the list that has its geometry (every zone of a town's list; none past the P3 limit). */
export const hasGeometry = <Zone extends ZoneListFeature>(zone: Zone): zone is Zone & { geometry: ZoneGeometry } =>
  zone.geometry !== null;

export const taskSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  title: z.string(),
  measures: z.string(),
  assignedUnit: z.string(),
  dueDate: daySchema,
  originalDueDate: daySchema,
  status: taskStatusSchema,
  reworkCount: z.int().check(z.minimum(0)),
  completedOn: z.nullable(daySchema),
  overdue: z.boolean(),
  version: z.int().check(z.positive()),
  /** A pending 延期 request: the new date asked for and why. */
  extensionRequest: z.nullable(z.object({ dueDate: daySchema, reason: z.string() })),
  /** Approved extensions so far. */
  extensionCount: z.int().check(z.minimum(0)),
  /** Status to return to when a suspended task resumes. */
  statusBeforeSuspend: z.nullable(taskStatusSchema),
  beforePhotoCount: z.int().check(z.minimum(0)),
  afterPhotoCount: z.int().check(z.minimum(0)),
});
export type Task = z.infer<typeof taskSchema>;
export const taskListSchema = z.array(taskSchema);

/** A task is overdue when its due date has passed and it is neither done nor suspended (暂缓). */
export function isTaskOverdue(task: Pick<Task, 'dueDate' | 'status'>, today: string): boolean {
  return task.dueDate < today && task.status !== 'done' && task.status !== 'suspended';
}

/**
 * What a zone's lateness depends on besides its own planned end: the latest due date of its tasks
 * that are not suspended (an approved extension or a rework due date moves the zone's deadline with
 * it) and the oldest due date among its overdue tasks. {@link zoneDeadlineFacts} reduces a task list
 * to these; the zone repository gets them from SQL.
 */
export interface ZoneDeadlineFacts {
  latestTaskDue: string | null;
  oldestOverdueTaskDue: string | null;
}

export function zoneDeadlineFacts(
  tasks: readonly Pick<Task, 'dueDate' | 'status'>[],
  today: string,
): ZoneDeadlineFacts {
  let latestTaskDue: string | null = null;
  let oldestOverdueTaskDue: string | null = null;
  for (const task of tasks) {
    if (task.status === 'suspended') continue;
    if (latestTaskDue === null || task.dueDate > latestTaskDue) latestTaskDue = task.dueDate;
    if (isTaskOverdue(task, today) && (oldestOverdueTaskDue === null || task.dueDate < oldestOverdueTaskDue))
      oldestOverdueTaskDue = task.dueDate;
  }
  return { latestTaskDue, oldestOverdueTaskDue };
}

/**
 * A zone's overdue days (超期天数), the one definition every view uses (docs/domain.md §2, worked
 * example there): the larger of
 * - the days since the zone's deadline, when it is not accepted nor suspended, the deadline being its
 *   planned end or the latest due date of its (not suspended) tasks, whichever is later, and
 * - the days since the due date of its oldest overdue task.
 * 0 when the zone is not overdue.
 */
export function zoneOverdueDays(
  zone: Pick<ZoneProperties, 'plannedEnd' | 'status'>,
  facts: ZoneDeadlineFacts,
  today: string,
): number {
  let days = 0;
  if (zone.status !== 'accepted' && zone.status !== 'suspended') {
    const deadline =
      facts.latestTaskDue !== null && facts.latestTaskDue > zone.plannedEnd ? facts.latestTaskDue : zone.plannedEnd;
    days = Math.max(days, daysBetween(deadline, today));
  }
  if (facts.oldestOverdueTaskDue !== null) days = Math.max(days, daysBetween(facts.oldestOverdueTaskDue, today));
  return days;
}

/** A zone is overdue when it has overdue days ({@link zoneOverdueDays}). */
export function isZoneOverdue(
  zone: Pick<ZoneProperties, 'plannedEnd' | 'status'>,
  facts: ZoneDeadlineFacts,
  today: string,
): boolean {
  return zoneOverdueDays(zone, facts, today) > 0;
}

/** Filters accepted by `GET /api/zones`. */
const splitList = z.pipe(
  z.string(),
  z.transform((value: string) => value.split(',')),
);

export const zoneQuerySchema = z.strictObject({
  bbox: z.optional(
    z.pipe(
      z.string(),
      z.transform((value, ctx) => {
        const parts = value.split(',');
        const numbers = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
        if (parts.length !== 4 || numbers.some((n) => !Number.isFinite(n))) {
          ctx.issues.push({
            code: 'custom',
            input: value,
            message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat',
          });
          return z.NEVER;
        }
        const [minLon, minLat, maxLon, maxLat] = numbers as [number, number, number, number];
        if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
          ctx.issues.push({
            code: 'custom',
            input: value,
            message: 'bbox is outside longitude −180…180 / latitude −90…90',
          });
          return z.NEVER;
        }
        if (minLon > maxLon || minLat > maxLat) {
          ctx.issues.push({ code: 'custom', input: value, message: 'bbox minimum must not exceed its maximum' });
          return z.NEVER;
        }
        return { minLon, minLat, maxLon, maxLat };
      }),
    ),
  ),
  category: z.optional(z.pipe(splitList, z.array(itemCodeSchema))),
  status: z.optional(z.pipe(splitList, z.array(zoneStatusSchema))),
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  q: z.optional(z.string().check(z.maxLength(100, 'q is at most 100 characters'))),
  overdue: z.optional(z.enum(['true', 'false'])),
});
export type ZoneQuery = z.infer<typeof zoneQuerySchema>;

/**
 * P3: at most this many features in one GeoJSON answer. The app reads the zone list in pages of ZONE_PAGE_SIZE
 * (`GET /api/zones?limit=&offset=`, each well under 2 MB), and past this many zones its map draws them as a binary
 * layer instead of a GeoJSON source (docs/quality.md P3, P9).
 */
export const GEOJSON_MAX_FEATURES = 5000;
export const ZONE_PAGE_SIZE = 2000;
export type BoundingBox = NonNullable<ZoneQuery['bbox']>;

const zoneName = z
  .string()
  .check(z.trim(), z.minLength(1, 'a zone needs a name'), z.maxLength(80, 'the name is at most 80 characters'));
const longText = (max: number) => z.string().check(z.maxLength(max, `at most ${max} characters`));

/** The properties a person may set on a zone (lead unit follows the item; version, dates of change etc. are the server's). */
export const zoneWritablePropertiesSchema = z.strictObject({
  name: zoneName,
  category: itemCodeSchema,
  status: zoneStatusSchema,
  responsibleUnits: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(40)),
  plannedStart: daySchema,
  plannedEnd: daySchema,
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  measures: longText(4000),
  notes: longText(4000),
  village: z.nullable(z.string().check(z.maxLength(40))),
});
export type ZoneWritableProperties = z.infer<typeof zoneWritablePropertiesSchema>;

/** The stored state of one version: writable properties + geometry. */
export const zoneSnapshotSchema = z.object({
  ...zoneWritablePropertiesSchema.shape,
  geometry: zoneGeometrySchema,
});
export type ZoneSnapshot = z.infer<typeof zoneSnapshotSchema>;

const overlapReason = z.optional(
  z.string().check(z.trim(), z.minLength(1, 'give a reason'), z.maxLength(300, 'at most 300 characters')),
);

/** `POST /api/zones`: a GeoJSON Feature; name, item and planned dates are required. */
export const createZoneBodySchema = z.strictObject({
  type: z.literal('Feature'),
  geometry: zoneGeometrySchema,
  properties: z.strictObject({
    ...z.partial(zoneWritablePropertiesSchema).shape,
    name: zoneName,
    category: itemCodeSchema,
    plannedStart: daySchema,
    plannedEnd: daySchema,
  }),
  /** Accept an overlap with another zone of the same item, saying why. */
  overlapReason,
});
export type CreateZoneBody = z.infer<typeof createZoneBodySchema>;

/** `PATCH /api/zones/:id`: a partial Feature, only the changed fields. */
export const updateZoneBodySchema = z.strictObject({
  type: z.optional(z.literal('Feature')),
  geometry: z.optional(zoneGeometrySchema),
  properties: z.optional(z.partial(zoneWritablePropertiesSchema)),
  overlapReason,
  /**
   * Setting status or progress by hand on a zone with tasks needs a reason (they otherwise roll up
   * from the tasks); null hands them back to the roll-up.
   */
  statusOverrideReason: z.optional(
    z.nullable(z.string().check(z.trim(), z.minLength(1, 'give a reason'), z.maxLength(300, 'at most 300 characters'))),
  ),
});
export type UpdateZoneBody = z.infer<typeof updateZoneBodySchema>;

export const restoreZoneBodySchema = z.strictObject({ version: z.int().check(z.positive()) });

export const ZONE_HISTORY_ACTIONS = ['create', 'update', 'delete', 'restore', 'undelete'] as const;
export const zoneVersionSchema = z.object({
  version: z.int(),
  action: z.enum(ZONE_HISTORY_ACTIONS),
  at: z.string(),
  actorUsername: z.nullable(z.string()),
  /** The person's name to show (their display name; the username only when they have none). */
  actorName: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  snapshot: zoneSnapshotSchema,
  /** Fields that differ from the previous version (all fields for the first). */
  changed: z.array(z.string()),
});
export type ZoneVersion = z.infer<typeof zoneVersionSchema>;
export const zoneHistorySchema = z.array(zoneVersionSchema);
