import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Actor } from '../../platform/audit';
import type { RouteContext } from '../../platform/context';
import { newStorageKey } from '../../platform/storage/photo-files';
import { processPhoto, readPhotoExif, type ProcessedPhoto } from './photo-processing';
import {
  SAMPLE_PHOTO_NOTE,
  planSamplePhotos,
  samplePhotoScenesSchema,
  type SamplePhotoTask,
} from '../../../shared/photos/sample-photos';
import type { ZoneGeometry } from '../../../shared/zones/zone';

const SEED_ACTOR: Actor = { id: null, username: 'seed', ip: null };

/** EXIF degrees as the rational triple sharp writes. */
function exifDegrees(degrees: number): string {
  const absolute = Math.abs(degrees);
  const whole = Math.floor(absolute);
  const minutesFloat = (absolute - whole) * 60;
  const minutes = Math.floor(minutesFloat);
  const seconds = Math.round((minutesFloat - minutes) * 60 * 10_000);
  return `${whole}/1 ${minutes}/1 ${seconds}/10000`;
}

/** The APP1 (Exif) segment of a JPEG, or null. */
function exifSegment(jpeg: Buffer): Buffer | null {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1]!;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xe1 && jpeg.toString('latin1', offset + 4, offset + 10) === 'Exif\0\0') {
      return jpeg.subarray(offset, offset + 2 + length);
    }
    if (marker === 0xda) return null;
    offset += 2 + length;
  }
  return null;
}

/**
 * A phone-like EXIF block (time taken with its +08:00 offset, GPS position) put into a drawing without re-encoding
 * it: sharp writes the block on a 1-pixel image, its APP1 segment goes after the drawing's start-of-image marker.
 */
async function withCameraExif(jpeg: Buffer, exifTime: string, position: { lon: number; lat: number }) {
  const carrier = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withExif({
      IFD0: { Make: '示例照片', Model: 'Sample drawing (not a photograph)' },
      IFD2: { DateTimeOriginal: exifTime, OffsetTimeOriginal: '+08:00' },
      IFD3: {
        GPSLatitudeRef: position.lat >= 0 ? 'N' : 'S',
        GPSLatitude: exifDegrees(position.lat),
        GPSLongitudeRef: position.lon >= 0 ? 'E' : 'W',
        GPSLongitude: exifDegrees(position.lon),
      },
    })
    .jpeg()
    .toBuffer();
  const segment = exifSegment(carrier);
  if (!segment) throw new Error('sharp wrote no EXIF segment');
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/**
 * Store the ILLUSTRATIVE before/after photos of the sample data (data/sample/photos/, drawn by
 * scripts/sample-photos.ts, each marked 示例照片) for a share of the sample tasks (planSamplePhotos), through the
 * same path an upload takes: EXIF read from the file, the original kept privately, thumbnail and display
 * derivatives, the photo row with its pair verdict and audit entry, the task thread entry. Each drawing is decoded
 * once; its derivatives serve every task that shows it. Returns how many photos were stored.
 */
/** The rows of a plain statement on whichever database the server runs on (Backend.rows). */
export type ReadRows = <Row>(sql: string) => Promise<Row[]>;

export async function seedSamplePhotos(
  rows: ReadRows,
  repos: RouteContext['repos'],
  options: { folder: string; today: string; pairMaxMeters: number; maxMegapixels: number },
): Promise<number> {
  if (Number((await rows<{ n: number }>('SELECT count(*) AS n FROM photos'))[0]?.n ?? 0) > 0) return 0;
  const manifest = samplePhotoScenesSchema.parse(
    JSON.parse(readFileSync(path.join(options.folder, 'scenes.json'), 'utf8')),
  );
  // snake_case names: PostgreSQL folds unquoted aliases to lower case.
  const taskRows = await rows<{
    task_id: number;
    zone_id: number;
    category: string;
    status: string;
    due_date: string;
    completed_on: string | null;
    planned_start: string;
    geometry_json: string;
    unit: string;
  }>(
    `SELECT t.id AS task_id, t.zone_id, z.category, t.status, t.due_date, t.completed_on, z.planned_start,
            z.geometry_json, t.assigned_unit_id AS unit
       FROM tasks t JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
      ORDER BY t.zone_id, t.sort, t.id`,
  );
  const unitOf = new Map(taskRows.map((row) => [Number(row.task_id), row.unit]));
  const tasks: SamplePhotoTask[] = taskRows.map((row) => ({
    taskId: Number(row.task_id),
    zoneId: Number(row.zone_id),
    category: row.category,
    status: row.status,
    dueDate: row.due_date,
    completedOn: row.completed_on,
    plannedStart: row.planned_start,
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
  }));
  const planned = planSamplePhotos(tasks, manifest.scenes, options.today);
  // The demo account of the task's unit takes its photos; the campaign office's for units without one.
  const users = await repos.users.list();
  const office = users.find((user) => user.role === 'admin');
  const uploaderOf = (taskId: number) =>
    users.find((user) => user.role === 'unit' && user.unit === unitOf.get(taskId)) ?? office;

  const drawings = new Map<string, { bytes: Buffer; processed: ProcessedPhoto }>();
  const drawing = async (file: string) => {
    const known = drawings.get(file);
    if (known) return known;
    const bytes = readFileSync(path.join(options.folder, file));
    const loaded = { bytes, processed: await processPhoto(bytes, options.maxMegapixels) };
    drawings.set(file, loaded);
    return loaded;
  };

  let stored = 0;
  for (const photo of planned) {
    const uploader = uploaderOf(photo.taskId);
    if (!uploader) break;
    const file = photo.scene[photo.phase === 'after' ? 'after' : 'before'];
    const { bytes, processed } = await drawing(file);
    const original = await withCameraExif(bytes, photo.exifTime, photo.position);
    const exif = await readPhotoExif(original);
    const storageKey = newStorageKey();
    const uploadPath = repos.photoFiles.uploadPath();
    await writeFile(uploadPath, original, { flag: 'wx', mode: 0o640 });
    await repos.photoFiles.save(storageKey, {
      originalPath: uploadPath,
      thumb: processed.thumb,
      display: processed.display,
    });
    const actor: Actor = { ...SEED_ACTOR, id: uploader.id };
    const result = await repos.photos.create(
      {
        zoneId: photo.zoneId,
        taskId: photo.taskId,
        phase: photo.phase,
        referenceObject: photo.scene.referenceObject,
        note: SAMPLE_PHOTO_NOTE,
        storageKey,
        originalName: `示例照片-${photo.scene.key}-${photo.phase}.jpg`,
        mime: processed.mime,
        width: processed.width,
        height: processed.height,
        bytes: original.length,
        takenAt: exif.takenAt,
        position: exif.position,
        positionSource: exif.position ? 'exif' : null,
        bearing: exif.bearing,
        reported: null,
        idempotencyKey: null,
        uploaderId: uploader.id,
      },
      options.pairMaxMeters,
      actor,
    );
    if (!('created' in result)) {
      await repos.photoFiles.remove(storageKey);
      continue;
    }
    stored += 1;
    await repos.tasks.addThreadEntry(photo.taskId, 'photo', actor, SAMPLE_PHOTO_NOTE, {
      phase: photo.phase,
      count: 1,
      photoIds: [result.created.id],
    });
  }
  return stored;
}
