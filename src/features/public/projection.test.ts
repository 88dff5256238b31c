import { describe, expect, it } from 'vitest';
import type { ZoneGeometry } from '../../shared/zones/zone';
import { boxOf, fitProjection, svgPath } from './projection';

describe('the public map drawing', () => {
  const square: ZoneGeometry = {
    type: 'Polygon',
    coordinates: [
      [
        [120.9, 31.1],
        [120.92, 31.1],
        [120.92, 31.12],
        [120.9, 31.12],
        [120.9, 31.1],
      ],
    ],
  };

  it('fits the box into the width, north up, and maps a tap back to the same place', () => {
    const box = boxOf([square, { type: 'Point', coordinates: [120.95, 31.15] }])!;
    expect(box).toEqual([120.9, 31.1, 120.95, 31.15]);
    const projection = fitProjection(box, 390);
    expect(projection.toXY(120.9, 31.15)).toEqual([12, 12]);
    const [x, y] = projection.toXY(120.95, 31.1);
    expect(x).toBeCloseTo(378, 6);
    // A degree of latitude is longer than one of longitude at 31°: the drawing is taller than wide.
    expect(projection.height).toBeGreaterThan(390);
    expect(Math.abs(y - (projection.height - 12))).toBeLessThanOrEqual(0.5);
    const back = projection.toLonLat(200, 300);
    const [x2, y2] = projection.toXY(back.lon, back.lat);
    expect(x2).toBeCloseTo(200, 6);
    expect(y2).toBeCloseTo(300, 6);
  });

  it('draws polygons as closed paths', () => {
    const path = svgPath(square, fitProjection(boxOf([square])!, 100));
    expect(path.startsWith('M')).toBe(true);
    expect(path.endsWith('Z')).toBe(true);
    expect(path.match(/L/g)).toHaveLength(4);
  });
});
