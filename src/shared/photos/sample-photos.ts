import * as z from 'zod/mini';
import { pointOnFeature } from '@turf/turf';
import { addDays } from '../time/dates';
import type { ZoneGeometry } from '../zones/zone';
import type { PhotoPhase, PhotoPosition } from './photo';

/**
 * data/sample/photos/scenes.json: the ILLUSTRATIVE before/after drawings (scripts/sample-photos.ts), each marked
 * 示例照片, with the fixed reference object both pictures show and the campaign items whose zones they illustrate.
 */
export const samplePhotoScenesSchema = z.object({
  $comment: z.string(),
  scenes: z
    .array(
      z.object({
        key: z.string().check(z.minLength(1)),
        caption: z.string(),
        referenceObject: z.string().check(z.minLength(1)),
        categories: z.array(z.string()),
        before: z.string().check(z.regex(/^[a-z0-9-]+\.jpg$/)),
        after: z.string().check(z.regex(/^[a-z0-9-]+\.jpg$/)),
      }),
    )
    .check(z.minLength(1)),
});
export type SamplePhotoScenes = z.infer<typeof samplePhotoScenesSchema>;
export type SamplePhotoScene = SamplePhotoScenes['scenes'][number];

/** The note every sample photo carries, so it is never taken for evidence from the field. */
export const SAMPLE_PHOTO_NOTE = '示例照片：示意图，非现场拍摄（演示数据）';

/** A seeded task, as far as its sample photos need it. */
export interface SamplePhotoTask {
  taskId: number;
  zoneId: number;
  category: string;
  status: string;
  dueDate: string;
  completedOn: string | null;
  plannedStart: string;
  geometry: ZoneGeometry;
}

export interface PlannedSamplePhoto {
  taskId: number;
  zoneId: number;
  phase: PhotoPhase;
  scene: SamplePhotoScene;
  /** EXIF DateTimeOriginal as a phone writes it (Asia/Shanghai local time; OffsetTimeOriginal +08:00). */
  exifTime: string;
  position: PhotoPosition;
}

const METRES_PER_DEGREE_LAT = 110_950;

/** A point `east`/`north` metres from `origin` (small distances; WGS 84 degrees, 6 decimals). */
function offset(origin: PhotoPosition, east: number, north: number): PhotoPosition {
  const lat = origin.lat + north / METRES_PER_DEGREE_LAT;
  const lon = origin.lon + east / (METRES_PER_DEGREE_LAT * Math.cos((origin.lat * Math.PI) / 180));
  return { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

/** A point on the zone: inside a polygon, on a line, the point itself. */
function anchorOf(geometry: ZoneGeometry): PhotoPosition {
  const [lon, lat] = pointOnFeature(geometry).geometry.coordinates as [number, number];
  return { lon, lat };
}

const exifStamp = (day: string, time: string) => `${day.replaceAll('-', ':')} ${time}`;
const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Which sample tasks get ILLUSTRATIVE photos, and each photo's time and position: every task awaiting acceptance
 * and every other finished task get a before/after pair (same reference object, the after photo about 3 m from the
 * before one, so the pair is good); every third task in progress gets a before photo. Photos are taken at a point
 * of the zone, a few metres apart per task; times are on or before yesterday (never in the future), the before
 * photo two weeks before the after one, not before the zone's planned start when there is room.
 */
export function planSamplePhotos(
  tasks: readonly SamplePhotoTask[],
  scenes: readonly SamplePhotoScene[],
  today: string,
): PlannedSamplePhoto[] {
  const yesterday = addDays(today, -1);
  const planned: PlannedSamplePhoto[] = [];
  let done = 0;
  let running = 0;
  tasks.forEach((task, index) => {
    const paired =
      task.status === 'pending_acceptance' || (task.status === 'done' && done++ % 2 === 0 && task.completedOn);
    const beforeOnly = task.status === 'in_progress' && running++ % 3 === 0;
    if (!paired && !beforeOnly) return;
    const scene =
      scenes.find((candidate) => candidate.categories.includes(task.category)) ?? scenes[index % scenes.length]!;
    // Tasks of one zone stand a few metres apart (deterministic), so their markers do not hide each other.
    const angle = (index * 137.5 * Math.PI) / 180;
    const before = offset(anchorOf(task.geometry), 8 * Math.cos(angle), 8 * Math.sin(angle));
    const afterDay = earlier(task.completedOn ?? task.dueDate, yesterday);
    const beforeDay = paired
      ? later(addDays(afterDay, -14), earlier(task.plannedStart, addDays(afterDay, -1)))
      : earlier(addDays(task.plannedStart, 3), yesterday);
    const base = { taskId: task.taskId, zoneId: task.zoneId, scene };
    planned.push({ ...base, phase: 'before', exifTime: exifStamp(beforeDay, '09:20:00'), position: before });
    if (paired) {
      planned.push({
        ...base,
        phase: 'after',
        exifTime: exifStamp(afterDay, '15:40:00'),
        position: offset(before, 2, 2),
      });
    }
  });
  return planned;
}
