import { describe, expect, it } from 'vitest';
import { makeTestPhoto } from '../../testing/images';
import { phoneUploadFields } from '../../shared/photos/photo';
import { readOriginalExif } from './prepare-photo';
import { fitWithin, isHeic, RESIZE_LONG_EDGE, shouldResize } from './prepare-photo-rules';

describe('photos for weak links', () => {
  it('fits the long edge within 2,560 px, keeping the aspect ratio, never enlarging', () => {
    expect(fitWithin(4032, 3024, RESIZE_LONG_EDGE)).toEqual({ width: 2560, height: 1920 });
    expect(fitWithin(3024, 4032, RESIZE_LONG_EDGE)).toEqual({ width: 1920, height: 2560 });
    expect(fitWithin(800, 600, RESIZE_LONG_EDGE)).toEqual({ width: 800, height: 600 });
  });

  it('resizes large photos, sends HEIC and small ones as they are', () => {
    expect(shouldResize({ type: 'image/jpeg', size: 7_600_000 }, 4032, 3024)).toBe(true);
    expect(shouldResize({ type: 'image/jpeg', size: 400_000 }, 1600, 1200)).toBe(false);
    expect(shouldResize({ type: 'image/heic', name: 'IMG_0001.HEIC', size: 2_000_000 }, 4032, 3024)).toBe(false);
    expect(isHeic({ type: '', name: 'IMG_0001.heif' })).toBe(true);
  });

  it('reads time, GPS and bearing from the original before resizing, and sends them as upload fields', async () => {
    const original = await makeTestPhoto({
      position: { lon: 120.9123, lat: 31.1801 },
      bearing: 80,
      takenAt: '2026:11:02 09:15:00',
    });
    const exif = await readOriginalExif(new Uint8Array(original));
    expect(exif.takenAt).toBe('2026-11-02T09:15:00+08:00');
    expect(exif.position!.lon).toBeCloseTo(120.9123, 6);
    expect(exif.position!.lat).toBeCloseTo(31.1801, 6);
    expect(exif.bearing).toBe(80);
    expect(phoneUploadFields(exif, null)).toEqual({
      exifTakenAt: '2026-11-02T09:15:00+08:00',
      exifLon: '120.9123000',
      exifLat: '31.1801000',
      exifBearing: '80.0',
    });
  });

  it('reads no EXIF from a photo without any', async () => {
    expect(await readOriginalExif(new Uint8Array(await makeTestPhoto()))).toEqual({
      takenAt: null,
      position: null,
      bearing: null,
    });
  });
});
