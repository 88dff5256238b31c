import { describe, expect, it } from 'vitest';
import { areaReading, distanceReading, lineMeters, polygonSquareMeters } from './measure';

// On the sphere turf measures on (R = 6,371,008.8 m) a degree of latitude is π·R/180 = 111,195 m everywhere;
// a degree of longitude shrinks with cos(latitude).
const METERS_PER_DEGREE = (Math.PI * 6_371_008.8) / 180;

describe('measuring on the map', () => {
  it('measures a line geodesically, point to point', () => {
    expect(lineMeters([[120.9, 31.1]])).toBe(0);
    const north = lineMeters([
      [120.9, 31.1],
      [120.9, 31.11],
    ]);
    expect(north).toBeCloseTo(METERS_PER_DEGREE * 0.01, 3);
    const east = lineMeters([
      [120.9, 31.1],
      [120.91, 31.1],
    ]);
    expect(east).toBeCloseTo(METERS_PER_DEGREE * 0.01 * Math.cos((31.1 * Math.PI) / 180), 0);
    expect(
      lineMeters([
        [120.9, 31.1],
        [120.9, 31.11],
        [120.91, 31.11],
      ]),
    ).toBeCloseTo(north + METERS_PER_DEGREE * 0.01 * Math.cos((31.11 * Math.PI) / 180), 0);
  });

  it('measures an area geodesically (a 0.01° square at 31°N is about 1.06 km²)', () => {
    expect(
      polygonSquareMeters([
        [120.9, 31.1],
        [120.91, 31.1],
      ]),
    ).toBe(0);
    const square = polygonSquareMeters([
      [120.9, 31.1],
      [120.91, 31.1],
      [120.91, 31.11],
      [120.9, 31.11],
    ]);
    const expected = (METERS_PER_DEGREE * 0.01) ** 2 * Math.cos((31.105 * Math.PI) / 180);
    expect(Math.abs(square - expected) / expected).toBeLessThan(0.005);
  });

  it('reads distances in m below 1 km and in km above, areas in m², 亩 and 公顷', () => {
    expect(distanceReading(999.4)).toEqual({ unit: 'm', value: 999 });
    expect(distanceReading(1234.5)).toEqual({ unit: 'km', value: 1.23 });
    expect(areaReading(10_000)).toEqual({ squareMeters: 10_000, mu: 15, hectares: 1 });
    expect(areaReading(666.666)).toEqual({ squareMeters: 667, mu: 1, hectares: 0.07 });
  });
});
