import * as z from 'zod/mini';
import { addDays, isValidDay } from '../../../../shared/time/dates';

/** Largest `limit` the items endpoint accepts, and the page size without one. */
export const OGC_MAX_LIMIT = 10_000;
export const OGC_DEFAULT_LIMIT = 100;

/** CRS identifiers (OGC API - Features - Part 2): WGS 84 longitude/latitude, the default and storage CRS… */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
/** …and WGS 84 in its EPSG axis order, latitude first (the same coordinates, swapped). */
export const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
/** The CRSs the service answers in and takes a bbox in: `crs` and `bbox-crs`. */
export const OGC_CRS = [CRS84, EPSG_4326] as const;
export type OgcCrs = (typeof OGC_CRS)[number];

/** A longitude/latitude box; `minLon > maxLon` when it crosses the antimeridian (OGC API - Features §7.15.3). */
export interface OgcBbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** A half-open span of instants [from, to) in epoch milliseconds; ±Infinity for open ends. */
export interface TimeSpan {
  from: number;
  to: number;
}

const RFC3339_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant span of one datetime end: a date-time is one instant; a date is that whole day in Asia/Shanghai,
 * also as GDAL writes a date field's value, followed by a bare `T` (`2026-03-01T`).
 */
export function dateOrDateTimeSpan(value: string): TimeSpan | null {
  const day = /^(\d{4}-\d{2}-\d{2})[Tt]?$/.exec(value)?.[1];
  if (day && isValidDay(day)) return dayTimeSpan(day, day);
  const match = RFC3339_DATE_TIME.exec(value);
  if (!match || !isValidDay(match[1]!)) return null;
  const [hours, minutes, seconds] = [match[2], match[3], match[4]].map(Number) as [number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  if (match[7] !== undefined && (Number(match[7]) > 23 || Number(match[8]) > 59)) return null;
  const instant = Date.parse(value.replace(/^(\S{10})[t ]/, '$1T').replace(/z$/, 'Z'));
  return Number.isNaN(instant) ? null : { from: instant, to: instant + 1 };
}

/** The days from `first` to `last` (YYYY-MM-DD, inclusive) as instants: Asia/Shanghai midnight to midnight. */
export function dayTimeSpan(first: string, last: string): TimeSpan {
  return { from: Date.parse(`${first}T00:00:00+08:00`), to: Date.parse(`${addDays(last, 1)}T00:00:00+08:00`) };
}

/** Do two spans share an instant? */
export const spansIntersect = (a: TimeSpan, b: TimeSpan) => a.from < b.to && b.from < a.to;

/**
 * The `datetime` parameter (RFC 3339 date-time, or an interval `start/end` with `..` or nothing for
 * an open end). A plain date (YYYY-MM-DD) is accepted too and means that day in Asia/Shanghai.
 */
export function parseDatetime(value: string): TimeSpan | string {
  const parts = value.split('/');
  if (parts.length === 1) {
    return (
      dateOrDateTimeSpan(value) ?? 'datetime must be an RFC 3339 date-time (e.g. 2026-06-15T08:00:00Z) or interval'
    );
  }
  if (parts.length !== 2) return 'datetime is a date-time or an interval start/end';
  const [startText, endText] = parts as [string, string];
  const open = (text: string) => text === '' || text === '..';
  if (open(startText) && open(endText)) return 'a datetime interval needs at least one end';
  const start = open(startText) ? { from: -Infinity, to: -Infinity } : dateOrDateTimeSpan(startText);
  const end = open(endText) ? { from: Infinity, to: Infinity } : dateOrDateTimeSpan(endText);
  if (!start || !end) return 'each end of a datetime interval is an RFC 3339 date-time, a date or ..';
  if (start.from >= end.to) return 'the datetime interval ends before it starts';
  return { from: start.from, to: end.to };
}

/**
 * bbox: four numbers (or six, with heights, which are ignored): lower-left and upper-right corners in
 * `crs` — longitude first in CRS84 (the default), latitude first in EPSG:4326.
 */
export function parseBbox(value: string, crs: OgcCrs = CRS84): OgcBbox | string {
  const parts = value.split(',');
  const numbers = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  const latFirst = crs === EPSG_4326;
  if ((parts.length !== 4 && parts.length !== 6) || numbers.some((n) => !Number.isFinite(n))) {
    return latFirst
      ? 'bbox must be four numbers: minLat,minLon,maxLat,maxLon (EPSG:4326 axis order; or six, with heights)'
      : 'bbox must be four numbers: minLon,minLat,maxLon,maxLat (or six, with heights)';
  }
  const [a, b, c, d] =
    parts.length === 4
      ? (numbers as [number, number, number, number])
      : [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!];
  const [minLon, minLat, maxLon, maxLat] = latFirst ? [b, a, d, c] : [a, b, c, d];
  if (
    [minLon, maxLon].some((lon) => lon < -180 || lon > 180) ||
    [minLat, maxLat].some((lat) => lat < -90 || lat > 90)
  ) {
    return 'bbox is outside longitude −180…180 / latitude −90…90';
  }
  if (minLat > maxLat) return 'bbox minimum latitude must not exceed its maximum';
  if (parts.length === 6 && numbers[2]! > numbers[5]!) return 'bbox minimum height must not exceed its maximum';
  return { minLon, minLat, maxLon, maxLat };
}

/** A query parameter refined by a parser that returns its value or what is wrong. */
const parsed = <T>(parse: (value: string) => T | string) =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const result = parse(value);
      if (typeof result === 'string') {
        ctx.issues.push({ code: 'custom', input: value, message: result });
        return z.NEVER;
      }
      return result;
    }),
  );

const wholeNumber = (name: string, min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, `${name} must be a whole number`)),
    z.pipe(
      z.transform(Number),
      z
        .int()
        .check(
          z.minimum(min, `${name} must be at least ${min}`),
          z.maximum(max, `${name} must be at most ${max.toLocaleString('en')}`),
        ),
    ),
  );

/** `f`: the only representation served is JSON (GeoJSON for features). */
const formatSchema = z.optional(z.enum(['json'], { error: 'f must be json: this service speaks JSON only' }));

/** `crs` / `bbox-crs`: one of the CRS URIs the collections list (Part 2). */
const crsSchema = (name: string) =>
  z.enum(OGC_CRS, { error: `${name} must be one of ${OGC_CRS.join(', ')} (this service stores WGS 84)` });

/** Query of the landing page, conformance, API and collection resources: only `f`. */
export const ogcResourceQuerySchema = z.strictObject({ f: formatSchema });

/** Query of `/collections/{id}/items/{featureId}`: `f` and the CRS of the answer. */
export const ogcItemQuerySchema = z.strictObject({ f: formatSchema, crs: z.optional(crsSchema('crs')) });

/**
 * Query of `/collections/{id}/items`; unknown parameters are a 400 (/req/core/query-param-unknown).
 * The bbox is read in its `bbox-crs` (CRS84 without one) and comes out as a longitude/latitude box.
 */
export const ogcItemsQuerySchema = z.pipe(
  z.strictObject({
    f: formatSchema,
    bbox: z.optional(z.string()),
    'bbox-crs': z.optional(crsSchema('bbox-crs')),
    crs: z.optional(crsSchema('crs')),
    datetime: z.optional(parsed(parseDatetime)),
    limit: z.optional(wholeNumber('limit', 1, OGC_MAX_LIMIT)),
    offset: z.optional(wholeNumber('offset', 0, 999_999_999)),
  }),
  z.transform((query, ctx) => {
    if (query.bbox === undefined) return { ...query, bbox: undefined };
    const bbox = parseBbox(query.bbox, query['bbox-crs']);
    if (typeof bbox === 'string') {
      ctx.issues.push({ code: 'custom', input: query.bbox, message: bbox, path: ['bbox'] });
      return z.NEVER;
    }
    return { ...query, bbox };
  }),
);
export type OgcItemsQuery = z.infer<typeof ogcItemsQuerySchema>;

/**
 * Does the Accept header allow one of `types`? No header, a wildcard or a listed type with q > 0
 * does; parameters such as `version` are not compared.
 */
export function accepts(header: string | undefined, types: readonly string[]): boolean {
  if (!header || !header.trim()) return true;
  return header.split(',').some((entry) => {
    const [mediaRange, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) return false;
    if (mediaRange === '*/*') return true;
    return types.some((type) => {
      const [kind] = type.split('/');
      return mediaRange === type || mediaRange === `${kind}/*`;
    });
  });
}
