import * as z from 'zod/mini';
import { isValidDay } from '../time/dates';
import { zoneGeometrySchema, type ZoneGeometry } from '../zones/zone';
import { READING_FIELDS, type ReadingValues, type RegisterField, type RegisterKind } from './kinds';

/** An object's attributes: field key → value (text, number or yes/no); a field left empty is absent. */
export type RegisterAttributes = Record<string, string | number | boolean>;

export interface FieldError {
  path: string;
  message: string;
}

export type AttributesCheck = { valid: true; attributes: RegisterAttributes } | { valid: false; errors: FieldError[] };

/** The longest text an attribute holds. */
export const MAX_ATTRIBUTE_TEXT = 200;

function checkValue(field: RegisterField, value: unknown): { value: string | number | boolean } | { error: string } {
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return { error: 'expected text' };
      if (value.length > MAX_ATTRIBUTE_TEXT) return { error: `at most ${MAX_ATTRIBUTE_TEXT} characters` };
      return { value };
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        return { error: 'expected a whole number ≥ 0' };
      return { value };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return { error: 'expected a number ≥ 0' };
      return { value };
    case 'date':
      if (typeof value !== 'string' || !isValidDay(value)) return { error: 'expected a calendar date YYYY-MM-DD' };
      return { value };
    case 'boolean':
      if (typeof value !== 'boolean') return { error: 'expected true or false' };
      return { value };
    case 'choice': {
      const choices = Object.keys(field.choices ?? {});
      if (typeof value !== 'string' || !choices.includes(value))
        return { error: `expected one of ${choices.join(', ')}` };
      return { value };
    }
  }
}

/**
 * Check an object's attributes against its kind's fields: unknown keys, wrong types and missing required fields are
 * errors naming `attributes.<key>`. Texts are trimmed; an empty text or null leaves the field out. With `base` (a
 * PATCH) the given keys change those of `base` and null clears one.
 */
export function checkRegisterAttributes(
  kind: RegisterKind,
  input: unknown,
  base: RegisterAttributes | null = null,
): AttributesCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { valid: false, errors: [{ path: 'attributes', message: 'expected an object of field values' }] };
  }
  const fields = new Map(kind.fields.map((field) => [field.key, field]));
  const errors: FieldError[] = [];
  const attributes: RegisterAttributes = { ...(base ?? {}) };
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    const field = fields.get(key);
    if (!field) {
      errors.push({ path: `attributes.${key}`, message: `not a field of ${kind.slug}` });
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === null || value === '') {
      delete attributes[key];
      continue;
    }
    const checked = checkValue(field, value);
    if ('error' in checked) errors.push({ path: `attributes.${key}`, message: checked.error });
    else attributes[key] = checked.value;
  }
  for (const field of kind.fields) {
    if (
      field.required &&
      attributes[field.key] === undefined &&
      !errors.some((e) => e.path === `attributes.${field.key}`)
    ) {
      errors.push({ path: `attributes.${field.key}`, message: 'required' });
    }
  }
  if (errors.length) return { valid: false, errors };
  // In the order of the field list, so stored JSON and exports read the same.
  return {
    valid: true,
    attributes: Object.fromEntries(
      kind.fields.filter((field) => attributes[field.key] !== undefined).map((f) => [f.key, attributes[f.key]!]),
    ),
  };
}

const GEOMETRY_FAMILY: Record<string, string> = {
  Point: 'Point',
  LineString: 'LineString',
  MultiLineString: 'LineString',
  Polygon: 'Polygon',
  MultiPolygon: 'Polygon',
};

/** Whether a geometry is of the kind's family (a point, a line or an area). */
export function geometryFitsKind(kind: Pick<RegisterKind, 'geometry'>, geometry: { type: string }): boolean {
  return GEOMETRY_FAMILY[geometry.type] === kind.geometry;
}

/** Coordinates a write may send: WGS 84 (stored as is) or GCJ-02 (高德/腾讯 maps; converted, as the GIS import does). */
export const COORDINATE_SYSTEMS = ['wgs84', 'gcj02'] as const;

const nameSchema = z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(100, 'at most 100 characters'));

/** `POST /api/registers/:kind`: attributes are checked against the kind's fields (checkRegisterAttributes). */
export const createRegisterBodySchema = z.strictObject({
  name: nameSchema,
  geometry: zoneGeometrySchema,
  attributes: z._default(z.record(z.string(), z.unknown()), {}),
  coordinateSystem: z.optional(z.enum(COORDINATE_SYSTEMS)),
  /** The campaign office may file an object under another unit than the kind's owner. */
  ownerUnit: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
});
export type CreateRegisterBody = z.infer<typeof createRegisterBodySchema>;

/** `PATCH /api/registers/:kind/:id`: what is sent changes; attributes merge into the stored ones (null clears). */
export const updateRegisterBodySchema = z.strictObject({
  name: z.optional(nameSchema),
  geometry: z.optional(zoneGeometrySchema),
  attributes: z.optional(z.record(z.string(), z.unknown())),
  coordinateSystem: z.optional(z.enum(COORDINATE_SYSTEMS)),
  ownerUnit: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
});
export type UpdateRegisterBody = z.infer<typeof updateRegisterBodySchema>;

/** What an object is made of (one version of it). */
export interface RegisterSnapshot {
  name: string;
  geometry: ZoneGeometry;
  attributes: RegisterAttributes;
  ownerUnit: string;
}

export interface RegisterObjectProperties {
  kind: string;
  name: string;
  attributes: RegisterAttributes;
  ownerUnit: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One register object as the API sends it: a GeoJSON Feature (WGS 84). */
export interface RegisterFeature {
  type: 'Feature';
  id: number;
  geometry: ZoneGeometry;
  properties: RegisterObjectProperties;
}

export interface RegisterCollection {
  type: 'FeatureCollection';
  features: RegisterFeature[];
}

/** `GET /api/registers`: each kind with its number of objects. */
export interface RegisterSummary {
  kinds: { slug: string; count: number }[];
}

export const REGISTER_HISTORY_ACTIONS = ['create', 'update', 'delete'] as const;
export type RegisterHistoryAction = (typeof REGISTER_HISTORY_ACTIONS)[number];

/** One entry of an object's history: who changed what when (`changes`: field → [before, after]). */
export interface RegisterHistoryEntry {
  version: number;
  action: RegisterHistoryAction;
  at: string;
  by: string | null;
  changes: Record<string, [unknown, unknown]>;
  /** Why, in words: an imported object's first entry says 导入自 <file name>. */
  note?: string;
}

/** What changed between two versions: name, owner, geometry (as one entry) and each attribute. */
export function registerChanges(
  before: RegisterSnapshot | null,
  after: RegisterSnapshot | null,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const note = (key: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a ?? null, b ?? null];
  };
  note('name', before?.name, after?.name);
  note('ownerUnit', before?.ownerUnit, after?.ownerUnit);
  if (JSON.stringify(before?.geometry) !== JSON.stringify(after?.geometry)) {
    changes.geometry = [before?.geometry.type ?? null, after?.geometry.type ?? null];
  }
  const keys = new Set([...Object.keys(before?.attributes ?? {}), ...Object.keys(after?.attributes ?? {})]);
  for (const key of keys) note(`attributes.${key}`, before?.attributes[key], after?.attributes[key]);
  return changes;
}

const readingValuesSchema = z.strictObject(
  Object.fromEntries(
    READING_FIELDS.map((field) => [
      field.key,
      z.optional(z.number().check(z.gte(field.min, `at least ${field.min}`), z.lte(field.max, `at most ${field.max}`))),
    ]),
  ) as Record<(typeof READING_FIELDS)[number]['key'], z.ZodMiniOptional<z.ZodMiniNumber<number>>>,
);

/** `POST /api/registers/river-sections/:id/readings`: one sampling's values (at least one indicator). */
export const readingBodySchema = z.strictObject({
  sampledOn: z.string().check(z.refine(isValidDay, 'expected a calendar date YYYY-MM-DD')),
  values: readingValuesSchema.check(
    z.refine((values) => Object.values(values).some((value) => value !== undefined), 'at least one indicator'),
  ),
});
export type ReadingBody = z.infer<typeof readingBodySchema>;

/** One water-quality reading of a river section. */
export interface RiverReading {
  id: number;
  sampledOn: string;
  values: ReadingValues;
  by: string | null;
  recordedAt: string;
}

/** A register object a zone covers (`GET /api/zones/:id/registers`). */
export interface RegisterLink {
  kind: string;
  id: number;
  name: string;
}

const attributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A register object as the client reads it (the API's RegisterFeature). */
export const registerFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number(),
  geometry: zoneGeometrySchema,
  properties: z.object({
    kind: z.string(),
    name: z.string(),
    attributes: z.record(z.string(), attributeValueSchema),
    ownerUnit: z.string(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
});
export const registerCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(registerFeatureSchema),
});
export const registerSummarySchema = z.object({ kinds: z.array(z.object({ slug: z.string(), count: z.number() })) });
export const registerHistorySchema = z.array(
  z.object({
    version: z.number(),
    action: z.enum(REGISTER_HISTORY_ACTIONS),
    at: z.string(),
    by: z.nullable(z.string()),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
    note: z.optional(z.string()),
  }),
);
export const riverReadingSchema = z.object({
  id: z.number(),
  sampledOn: z.string(),
  values: z.record(z.string(), z.number()),
  by: z.nullable(z.string()),
  recordedAt: z.string(),
});
export const riverReadingsSchema = z.array(riverReadingSchema);
export const registerLinksSchema = z.object({
  objects: z.array(z.object({ kind: z.string(), id: z.number(), name: z.string() })),
});
