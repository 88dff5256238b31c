import type { SentExif } from './photo';

/*
 * How a photo's EXIF is read, the same on the phone (before resizing, src/lib/photo-prep/prepare-photo.ts) and on the
 * server (src/server/modules/photos/photo-processing.ts): exifr's options and the tags turned into time, position
 * and bearing.
 */

/** exifr options: TIFF, EXIF and GPS only, raw values (the dates are read by exifDateToIso). */
export const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: false,
  interop: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
} as const;

/** `2026:06:10 09:30:00` (+ optional `+08:00`) as ISO 8601; Chinese phones write Asia/Shanghai local time. */
export function exifDateToIso(raw: unknown, offset: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const zone =
    typeof offset === 'string' && /^[+-](0\d|1[0-4]):[0-5]\d$/.test(offset.trim()) ? offset.trim() : '+08:00';
  const [y, mo, d, h, mi, se] = [year, month, day, hour, minute, second].map(Number) as number[];
  const check = new Date(Date.UTC(y!, mo! - 1, d!));
  // Rejects 2026:13:45 and the zero dates some cameras write (0000:00:00 00:00:00).
  if (y! < 1990 || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || se! > 59) {
    return null;
  }
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`;
}

/** Time taken, GPS position (WGS 84, as is) and compass bearing from exifr's tags; nulls for what is missing or wrong. */
export function photoExifFromTags(tags: Record<string, unknown> | undefined): SentExif {
  if (!tags) return { takenAt: null, position: null, bearing: null };
  const takenAt =
    exifDateToIso(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ?? exifDateToIso(tags.CreateDate, tags.OffsetTime);
  const { latitude, longitude } = tags;
  const validPosition =
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180 &&
    // 0/0 is what some phones write without a fix.
    !(latitude === 0 && longitude === 0);
  const direction = tags.GPSImgDirection;
  const bearing =
    typeof direction === 'number' && Number.isFinite(direction) && direction >= 0 && direction <= 360
      ? Math.round((direction % 360) * 10) / 10
      : null;
  return {
    takenAt,
    position: validPosition ? { lon: longitude, lat: latitude } : null,
    bearing,
  };
}
