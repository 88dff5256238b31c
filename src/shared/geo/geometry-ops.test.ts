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
  it('splits an area along a line crossing it into two valid parts of exactly the whole area', () => {
    const whole = square(120.9, 31.18);
    const result = splitPolygon(whole, line([120.8995, 31.181], [120.9025, 31.181]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(2);
    const total = result.value.reduce((sum, part) => sum + squareMeters(part), 0);
    // No gap along the cut (it was 5 cm wide before): the parts add up to the whole.
    expect(Math.abs(total - squareMeters(whole)) / squareMeters(whole)).toBeLessThan(1e-9);
    for (const part of result.value) expect(validateZoneGeometry(part as ZoneGeometry).valid).toBe(true);
  });

  it('gives both parts the same vertices along the cut, and they merge back into the whole (issue 16: "两个区域不相邻")', () => {
    const whole = square(120.9, 31.18);
    // A bent cut with a corner inside the area, entering and leaving through different edges.
    const cut = line([120.8995, 31.1805], [120.9008, 31.1813], [120.9013, 31.1825]);
    const result = splitPolygon(whole, cut);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.value as [Polygon, Polygon];
    const key = (position: number[]) => position.join(',');
    const shared = first.coordinates[0]!.map(key).filter((vertex) => second.coordinates[0]!.map(key).includes(vertex));
    // The two crossings with the outline and the corner of the cut, on both sides.
    expect(shared).toContain(key([120.9008, 31.1813]));
    expect(new Set(shared).size).toBe(3);
    // As saved (validated and normalised by the server), they still merge.
    const saved = [first, second].map((part) => {
      const check = validateZoneGeometry(part as ZoneGeometry);
      if (!check.valid) throw new Error(check.reason);
      return check.geometry as Polygon;
    });
    const merged = mergePolygons(saved[0]!, saved[1]!);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.value.type).toBe('Polygon');
    expect(merged.value.coordinates).toHaveLength(1);
    expect(Math.abs(squareMeters(merged.value) - squareMeters(whole))).toBeLessThan(0.01);
    // The merge adds no rounded corners: the outline's four corners and the two crossings.
    expect(merged.value.coordinates[0]!.length - 1).toBeLessThanOrEqual(6);
  });

  it('splits along a line crossing three times into three parts, keeping a hole in the part around it', () => {
    const whole = square(120.9, 31.18);
    const withHole = cutHole(whole, square(120.9002, 31.1802, 0.0003));
    expect(withHole.ok).toBe(true);
    if (!withHole.ok) return;
    // In at the bottom, out at the top, back in at the top and out at the bottom again.
    const cut = line([120.9007, 31.1795], [120.9007, 31.1825], [120.9014, 31.1825], [120.9014, 31.1795]);
    const result = splitPolygon(withHole.value, cut);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(3);
    const total = result.value.reduce((sum, part) => sum + squareMeters(part), 0);
    expect(Math.abs(total - squareMeters(withHole.value))).toBeLessThan(0.01);
    expect(result.value.filter((part) => part.coordinates.length === 2)).toHaveLength(1);
    for (const part of result.value) expect(validateZoneGeometry(part as ZoneGeometry).valid).toBe(true);
  });

  it('refuses a line through a hole', () => {
    const withHole = cutHole(square(120.9, 31.18), square(120.9008, 31.1808, 0.0004));
    if (!withHole.ok) throw new Error('hole');
    expect(splitPolygon(withHole.value, line([120.8995, 31.181], [120.9025, 31.181]))).toEqual({
      ok: false,
      reason: 'line-crosses-hole',
    });
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
