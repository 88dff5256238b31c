import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pointToLineDistance, booleanPointInPolygon, distance } from '@turf/turf';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { DATA_FOLDER, loadSampleData } from '../../platform/data-files';
import { SAMPLE_PHOTO_NOTE, samplePhotoScenesSchema } from '../../../shared/photos/sample-photos';
import type { Dashboard } from '../../../shared/dashboard/dashboard';
import type { Photo } from '../../../shared/photos/photo';
import type { Task, ZoneCollection, ZoneFeature } from '../../../shared/zones/zone';

const FOLDER = path.join(DATA_FOLDER, 'sample', 'photos');

/** Metres from a photo to its zone (0 inside a polygon). */
function metresFromZone(zone: ZoneFeature, at: { lon: number; lat: number }): number {
  const point = [at.lon, at.lat];
  const geometry = zone.geometry;
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')
    return booleanPointInPolygon(point, geometry) ? 0 : Infinity;
  if (geometry.type === 'LineString') return pointToLineDistance(point, geometry, { units: meters });
  if (geometry.type === 'Point') return distance(point, geometry.coordinates, { units: meters });
  return Infinity;
}
const meters = 'meters' as const;

let server: TestServer;
let leader: string;
beforeAll(async () => {
  // The real sample data, seeded as `npm start` does on a fresh data folder.
  server = await startTestServer({ sample: loadSampleData(), samplePhotos: true });
  leader = await server.login('leader');
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('the sample photos (示例照片)', () => {
  it('are small drawings in the repository, each with a before and an after of the same size', async () => {
    const files = readdirSync(FOLDER).filter((file) => file.endsWith('.jpg'));
    const bytes = files.reduce((sum, file) => sum + readFileSync(path.join(FOLDER, file)).length, 0);
    expect(bytes).toBeLessThan(400 * 1024);
    const scenes = samplePhotoScenesSchema.parse(JSON.parse(readFileSync(path.join(FOLDER, 'scenes.json'), 'utf8')));
    expect(files.sort()).toEqual(scenes.scenes.flatMap((scene) => [scene.after, scene.before]).sort());
  });

  it('give a fresh sample server before/after pairs near their zones, with EXIF time and position', async () => {
    const zones = ((await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection).features;
    let pairs = 0;
    let photographedZones = 0;
    let checkedFile = false;
    for (const zone of zones) {
      const { photos } = (await (await server.request(`/api/zones/${zone.id}/photos`, { cookie: leader })).json()) as {
        photos: Photo[];
      };
      if (photos.length) photographedZones += 1;
      for (const photo of photos) {
        expect(photo.note).toBe(SAMPLE_PHOTO_NOTE);
        expect(photo.originalName).toMatch(/^示例照片-/);
        expect(photo.positionSource).toBe('exif');
        expect(photo.takenAt! < `${server.today}T00:00:00+08:00`).toBe(true);
        expect(metresFromZone(zone, photo.position!), zone.properties.name).toBeLessThan(30);
        if (photo.phase !== 'after') continue;
        pairs += 1;
        const before = photos.find((candidate) => candidate.id === photo.pairedWith)!;
        expect(before.phase).toBe('before');
        expect(before.referenceObject).toBe(photo.referenceObject);
        expect(photo.pairFlagged).toBe(false);
        expect(before.takenAt! < photo.takenAt!).toBe(true);
        if (!checkedFile) {
          // The derivatives are served as any upload's; the stored original carries the EXIF the seed wrote.
          const thumb = await server.request(photo.urls.thumb, { cookie: leader });
          expect(thumb.status).toBe(200);
          expect(thumb.headers.get('content-type')).toBe('image/jpeg');
          const [row] = await server.sql<{ storage_key: string }>(
            'SELECT storage_key FROM photos WHERE id = ?',
            Number(photo.id),
          );
          const original = await server.readStoredOriginal(row!.storage_key);
          const gps = (await exifr.gps(original)) as { latitude: number; longitude: number };
          expect(gps.latitude).toBeCloseTo(photo.position!.lat, 5);
          expect(gps.longitude).toBeCloseTo(photo.position!.lon, 5);
          checkedFile = true;
        }
      }
    }
    expect(checkedFile).toBe(true);
    expect(pairs).toBeGreaterThanOrEqual(40);
    expect(photographedZones).toBeGreaterThanOrEqual(20);
  });

  it('make the tasks awaiting acceptance acceptable and the photo-evidence rate more than 0 %', async () => {
    const dashboard = (await (await server.request('/api/dashboard', { cookie: leader })).json()) as Dashboard;
    expect(dashboard.totals.evidenceRate).toBeGreaterThan(0.3);
    const zones = ((await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection).features;
    let waiting = 0;
    for (const zone of zones) {
      const tasks = (await (await server.request(`/api/zones/${zone.id}/tasks`, { cookie: leader })).json()) as Task[];
      for (const task of tasks.filter((candidate) => candidate.status === 'pending_acceptance')) {
        waiting += 1;
        const { photos } = (await (
          await server.request(`/api/zones/${zone.id}/photos?taskId=${task.id}`, { cookie: leader })
        ).json()) as { photos: Photo[] };
        expect(photos.some((photo) => photo.phase === 'after' && !photo.pairFlagged)).toBe(true);
      }
    }
    expect(waiting).toBeGreaterThan(0);
  });
});
