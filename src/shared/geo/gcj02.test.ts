import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { gcj02ToWgs84, isInChina, wgs84ToGcj02 } from './gcj02';

describe('GCJ-02 ↔ WGS 84', () => {
  const jinxi: [number, number] = [120.905, 31.18];

  it('offsets Jinxi about 395 m east and 247 m south (docs/domain.md §6)', () => {
    const [lon, lat] = wgs84ToGcj02(...jinxi);
    const east = distance(jinxi, [lon, jinxi[1]], { units: 'meters' }) * Math.sign(lon - jinxi[0]);
    const north = distance(jinxi, [jinxi[0], lat], { units: 'meters' }) * Math.sign(lat - jinxi[1]);
    expect(east).toBeGreaterThan(380);
    expect(east).toBeLessThan(410);
    expect(north).toBeLessThan(-235);
    expect(north).toBeGreaterThan(-260);
  });

  it('inverts the forward offset to within 1e-7°', () => {
    for (const [lon, lat] of [jinxi, [116.39, 39.9], [121.47, 31.23], [113.26, 23.13]] as [number, number][]) {
      const [gLon, gLat] = wgs84ToGcj02(lon, lat);
      const [back, backLat] = gcj02ToWgs84(gLon, gLat);
      expect(Math.abs(back - lon)).toBeLessThan(1e-7);
      expect(Math.abs(backLat - lat)).toBeLessThan(1e-7);
    }
  });

  it('leaves positions outside China alone', () => {
    expect(isInChina(2.35, 48.85)).toBe(false);
    expect(gcj02ToWgs84(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
