import { describe, expect, it } from 'vitest';
import type { ZoneGeometry } from '../zones/zone';
import { geometryMeetsBox } from './box-filter';

const box = (minLon: number, minLat: number, maxLon: number, maxLat: number) => ({ minLon, minLat, maxLon, maxLat });
const ring = (lon: number, lat: number, size: number, clockwise = false) => {
  const points = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
  return clockwise ? points.reverse() : points;
};
const withHole: ZoneGeometry = {
  type: 'Polygon',
  coordinates: [ring(120.9, 31.18, 0.01), ring(120.903, 31.183, 0.004, true)] as [number, number][][],
};

describe('geometryMeetsBox: the one meaning of bbox', () => {
  it('is the exact shape: a box inside the hole misses, a box on the ring or around everything meets', () => {
    expect(geometryMeetsBox(withHole, box(120.9049, 31.1849, 120.905, 31.185))).toBe(false);
    expect(geometryMeetsBox(withHole, box(120.9005, 31.1805, 120.9006, 31.1806))).toBe(true);
    expect(geometryMeetsBox(withHole, box(120.8, 31.1, 121, 31.3))).toBe(true);
    // A box crossing the hole's edge meets the ring.
    expect(geometryMeetsBox(withHole, box(120.902, 31.184, 120.904, 31.185))).toBe(true);
  });

  it('counts a shared edge or corner, and misses what is outside the box around the shape', () => {
    expect(geometryMeetsBox(withHole, box(120.91, 31.19, 120.92, 31.2))).toBe(true);
    expect(geometryMeetsBox(withHole, box(120.911, 31.19, 120.92, 31.2))).toBe(false);
  });

  it('tests a line by its segments, not its box (the bend of an L)', () => {
    const bend: ZoneGeometry = {
      type: 'MultiLineString',
      coordinates: [
        [
          [120.9, 31.18],
          [120.91, 31.18],
          [120.91, 31.19],
        ],
      ],
    };
    expect(geometryMeetsBox(bend, box(120.9, 31.185, 120.905, 31.19))).toBe(false);
    expect(geometryMeetsBox(bend, box(120.905, 31.179, 120.906, 31.181))).toBe(true);
    expect(geometryMeetsBox({ type: 'Point', coordinates: [120.9, 31.18] }, box(120.9, 31.18, 120.91, 31.19))).toBe(
      true,
    );
  });
});
