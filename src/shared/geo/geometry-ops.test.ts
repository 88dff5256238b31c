import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import type { LineString, Polygon } from 'geojson';
import { cutHole, mergePolygons, splitPolygon } from './geometry-ops';
import { validateZoneGeometry } from '../zones/geometry';
import type { ZoneGeometry } from '../zones/zone';
import { deepFreeze, squarePolygon } from '../../testing/fixtures';

const square = (lon: number, lat: number, size = 0.002): Polygon => squarePolygon(lon, lat, size);
const line = (...points: number[][]): LineString => deepFreeze({ type: 'LineString', coordinates: points });
const squareMeters = (polygon: Polygon) => area({ type: 'Feature', properties: {}, geometry: polygon });

describe('splitPolygon', () => {
  it('splits an area along a line crossing it into two valid parts of about the whole area', () => {
    const whole = square(120.9, 31.18);
    const result = splitPolygon(whole, line([120.8995, 31.181], [120.9025, 31.181]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(2);
    const total = result.value.reduce((sum, part) => sum + squareMeters(part), 0);
    // The cut is 5 cm wide: under 0.1 % of the area is lost.
    expect(Math.abs(total - squareMeters(whole)) / squareMeters(whole)).toBeLessThan(0.001);
    for (const part of result.value) expect(validateZoneGeometry(part as ZoneGeometry).valid).toBe(true);
  });

  it('refuses a line that does not cross from edge to edge', () => {
    expect(splitPolygon(square(120.9, 31.18), line([120.9005, 31.181], [120.9015, 31.181]))).toEqual({
      ok: false,
      reason: 'line-does-not-cross',
    });
    expect(splitPolygon(square(120.9, 31.18), line([120.95, 31.2], [120.96, 31.2])).ok).toBe(false);
  });
});

describe('mergePolygons', () => {
  it('merges two areas sharing an edge into one polygon', () => {
    const result = mergePolygons(square(120.9, 31.18), square(120.902, 31.18));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.type).toBe('Polygon');
      expect(squareMeters(result.value)).toBeGreaterThan(squareMeters(square(120.9, 31.18)) * 1.99);
    }
  });
  it('refuses areas that are apart', () => {
    expect(mergePolygons(square(120.9, 31.18), square(120.95, 31.2))).toEqual({ ok: false, reason: 'not-adjacent' });
  });
});

describe('cutHole', () => {
  it('cuts a hole inside an area', () => {
    const result = cutHole(square(120.9, 31.18), square(120.9005, 31.1805, 0.0005));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.coordinates).toHaveLength(2);
      expect(validateZoneGeometry(result.value as ZoneGeometry).valid).toBe(true);
    }
  });
  it('refuses a hole that is not inside', () => {
    expect(cutHole(square(120.9, 31.18), square(120.9015, 31.1815, 0.001))).toEqual({
      ok: false,
      reason: 'hole-not-inside',
    });
  });
});
