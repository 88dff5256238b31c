import * as z from 'zod/mini';

/** When a photo was taken relative to the work: before it starts, while it runs, after it is done. */
export const PHOTO_PHASES = ['before', 'progress', 'after'] as const;
export const photoPhaseSchema = z.enum(PHOTO_PHASES);
export type PhotoPhase = z.infer<typeof photoPhaseSchema>;

/** Where a photo's position came from: the camera's GPS (EXIF) or placed by hand. */
export const PHOTO_POSITION_SOURCES = ['exif', 'manual'] as const;

/** An after-photo farther than this from its before-photo is flagged for the checker (config may change it). */
export const DEFAULT_PAIR_MAX_METERS = 15;

export const REFERENCE_OBJECT_MAX_LENGTH = 80;
export const PHOTO_NOTE_MAX_LENGTH = 500;

const longitude = z.number().check(z.minimum(-180), z.maximum(180));
const latitude = z.number().check(z.minimum(-90), z.maximum(90));

/** A WGS 84 position (EXIF GPS is WGS 84 and is stored as it is). */
export const photoPositionSchema = z.strictObject({ lon: longitude, lat: latitude });
export type PhotoPosition = z.infer<typeof photoPositionSchema>;

/**
 * What the phone says beside the file (docs/field.md): the position its GPS reported when the photo was taken (a
 * fix the app locked, with its accuracy in metres) and its clock. Kept beside the EXIF ones, never instead of them.
 */
export const phoneReportSchema = z.object({
  position: z.nullable(photoPositionSchema),
  accuracyM: z.nullable(z.number()),
  at: z.nullable(z.string()),
});
export type PhoneReport = z.infer<typeof phoneReportSchema>;

/** The EXIF the phone read from the original before resizing it (the resized file has none): used when the file has none. */
export interface SentExif {
  takenAt: string | null;
  position: PhotoPosition | null;
  bearing: number | null;
}

/** The multipart text fields of an upload that carry the sent EXIF and the phone's report (client and server). */
export const PHONE_UPLOAD_FIELDS = [
  'exifTakenAt',
  'exifLon',
  'exifLat',
  'exifBearing',
  'reportedLon',
  'reportedLat',
  'reportedAccuracy',
  'reportedAt',
] as const;
export type PhoneUploadField = (typeof PHONE_UPLOAD_FIELDS)[number];

/** Those fields as the phone sends them (numbers to 7 decimals: about a centimetre). */
export function phoneUploadFields(
  exif: SentExif | null,
  report: PhoneReport | null,
): Partial<Record<PhoneUploadField, string>> {
  const fields: Partial<Record<PhoneUploadField, string>> = {};
  if (exif?.takenAt) fields.exifTakenAt = exif.takenAt;
  if (exif?.position) {
    fields.exifLon = exif.position.lon.toFixed(7);
    fields.exifLat = exif.position.lat.toFixed(7);
  }
  if (exif?.bearing !== null && exif?.bearing !== undefined) fields.exifBearing = exif.bearing.toFixed(1);
  if (report?.position) {
    fields.reportedLon = report.position.lon.toFixed(7);
    fields.reportedLat = report.position.lat.toFixed(7);
  }
  if (report?.accuracyM !== null && report?.accuracyM !== undefined)
    fields.reportedAccuracy = report.accuracyM.toFixed(1);
  if (report?.at) fields.reportedAt = report.at;
  return fields;
}

/** `PATCH /api/photos/:id/position`: place a photo without GPS by hand. */
export const photoPositionBodySchema = photoPositionSchema;

/** A photo as the API returns it. The original file is never served; `urls` point at stripped JPEG derivatives. */
export const photoSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  taskId: z.nullable(z.string()),
  phase: photoPhaseSchema,
  referenceObject: z.string(),
  note: z.string(),
  /** The client's file name, sanitised, for display only (never part of a path). */
  originalName: z.string(),
  /** Upright dimensions of the original (after EXIF orientation). */
  width: z.int(),
  height: z.int(),
  /** ISO 8601 with offset; +08:00 when the camera wrote local time without one. */
  takenAt: z.nullable(z.string()),
  position: z.nullable(photoPositionSchema),
  positionSource: z.nullable(z.enum(PHOTO_POSITION_SOURCES)),
  /** Compass direction the camera faced, degrees from north (EXIF GPSImgDirection). */
  bearing: z.nullable(z.number()),
  /** What the phone itself reported (its GPS fix and accuracy, its clock), beside the EXIF: null when it sent none. */
  reported: z.nullable(phoneReportSchema),
  /** For an after-photo: the before-photo it is paired with. */
  pairedWith: z.nullable(z.string()),
  pairDistanceM: z.nullable(z.number()),
  /** The pair is farther apart than allowed, or a position is unknown: the checker should look. */
  pairFlagged: z.boolean(),
  /** Display name of the uploader (username when it has none). */
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  urls: z.object({ thumb: z.string(), display: z.string() }),
});
export type Photo = z.infer<typeof photoSchema>;

export const photoListSchema = z.object({ photos: z.array(photoSchema) });

/** The answer to an upload: the photos made (or found again by idempotency key), and the files refused. */
export const photoUploadResponseSchema = z.object({
  photos: z.array(photoSchema),
  rejected: z.optional(z.array(z.object({ file: z.string(), index: z.int(), status: z.int(), detail: z.string() }))),
});

const EARTH_RADIUS_METERS = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle (haversine) distance in metres between two WGS 84 positions. */
export function pairDistanceMeters(a: PhotoPosition, b: PhotoPosition): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The pairing verdict of an after-photo: the distance when both positions are known, and flagged
 * when it exceeds `maxMeters` or either position is unknown. Flagged pairs go to the checker; they
 * are never refused.
 */
export function pairVerdict(
  before: PhotoPosition | null,
  after: PhotoPosition | null,
  maxMeters: number,
): { distanceMeters: number | null; flagged: boolean } {
  if (!before || !after) return { distanceMeters: null, flagged: true };
  const distanceMeters = Math.round(pairDistanceMeters(before, after) * 10) / 10;
  return { distanceMeters, flagged: distanceMeters > maxMeters };
}
