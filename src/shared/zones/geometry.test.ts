import { describe, expect, it } from 'vitest';
import { booleanClockwise, kinks } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { ringsSelfIntersect, validateZoneGeometry, zonesOverlap, type GeometryCheck } from './geometry';
import type { ZoneGeometry } from './zone';
import { deepFreeze, squarePolygon } from '../../testing/fixtures';

const town: Feature<Polygon> = deepFreeze({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120.84, 31.13],
        [120.98, 31.13],
        [120.98, 31.24],
        [120.84, 31.24],
        [120.84, 31.13],
      ],
    ],
  },
});
const square = (lon: number, lat: number, size = 0.001): ZoneGeometry => squarePolygon(lon, lat, size);
const reason = (check: GeometryCheck) => (check.valid ? 'valid' : check.reason);
const polygon = (ring: number[][], ...holes: number[][][]): ZoneGeometry =>
  deepFreeze({ type: 'Polygon', coordinates: [ring, ...holes] as [number, number][][] });

describe('validateZoneGeometry (R7)', () => {
  it('accepts a plain area and reports its size', () => {
    const check = validateZoneGeometry(square(120.9, 31.18), { townOutline: town });
    expect(check.valid).toBe(true);
    if (check.valid) expect(check.areaSquareMeters).toBeGreaterThan(9000); // ~95 m × 111 m
  });

  it('writes exterior rings counter-clockwise and holes clockwise (RFC 7946)', () => {
    const clockwise = polygon([
      [120.9, 31.18],
      [120.9, 31.181],
      [120.901, 31.181],
      [120.901, 31.18],
      [120.9, 31.18],
    ]);
    const check = validateZoneGeometry(clockwise);
    expect(check.valid).toBe(true);
    if (check.valid && check.geometry.type === 'Polygon') {
      expect(booleanClockwise(check.geometry.coordinates[0]!)).toBe(false);
    }
  });

  it('rounds to 7 decimals and drops repeated positions, keeping coordinates within 1e-7°', () => {
    const check = validateZoneGeometry(
      polygon([
        [120.900000012345, 31.18],
        [120.901, 31.18],
        [120.901, 31.18],
        [120.901, 31.181],
        [120.9, 31.181],
        [120.900000012345, 31.18],
      ]),
    );
    expect(check.valid).toBe(true);
    if (check.valid && check.geometry.type === 'Polygon') {
      const ring = check.geometry.coordinates[0]!;
      expect(ring).toHaveLength(5);
      expect(Math.abs(ring[0]![0]! - 120.900000012345)).toBeLessThan(1e-7);
      for (const [lon, lat] of ring) {
        expect(String(lon).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7);
        expect(String(lat).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7);
      }
    }
  });

  it.each([
    [
      'a bow-tie',
      polygon([
        [120.9, 31.18],
        [120.901, 31.181],
        [120.901, 31.18],
        [120.9, 31.181],
        [120.9, 31.18],
      ]),
      'self-intersection',
    ],
    [
      'an unclosed ring',
      polygon([
        [120.9, 31.18],
        [120.901, 31.18],
        [120.901, 31.181],
        [120.9, 31.181],
      ]),
      'not-closed',
    ],
    [
      'fewer than 4 positions',
      polygon([
        [120.9, 31.18],
        [120.901, 31.18],
        [120.9, 31.18],
      ]),
      'too-few-positions',
    ],
    [
      'a hole outside the shell',
      polygon(
        [
          [120.9, 31.18],
          [120.901, 31.18],
          [120.901, 31.181],
          [120.9, 31.181],
          [120.9, 31.18],
        ],
        [
          [120.91, 31.19],
          [120.9101, 31.19],
          [120.9101, 31.1901],
          [120.91, 31.19],
        ],
      ),
      'hole-outside-shell',
    ],
    ['a tiny area', square(120.9, 31.18, 0.00001), 'too-small'],
    [
      'a spike (sliver)',
      polygon([
        [120.9, 31.18],
        [120.93, 31.18],
        [120.93, 31.1800003],
        [120.9, 31.18],
      ]),
      'sliver',
    ],
    ['a zone outside the town', square(121.5, 31.18), 'outside-town'],
    ['latitude 91', { type: 'Point', coordinates: [120.9, 91] } as ZoneGeometry, 'bad-coordinate'],
    ['longitude 181', { type: 'Point', coordinates: [181, 31.1] } as ZoneGeometry, 'bad-coordinate'],
    ['NaN', { type: 'Point', coordinates: [Number.NaN, 31.1] } as ZoneGeometry, 'bad-coordinate'],
    [
      '1e309 (Infinity)',
      { type: 'Point', coordinates: [JSON.parse('1e309') as number, 31.1] } as ZoneGeometry,
      'bad-coordinate',
    ],
    ['3-D positions', { type: 'Point', coordinates: [120.9, 31.18, 5] } as unknown as ZoneGeometry, 'bad-coordinate'],
    [
      'a one-position line',
      {
        type: 'LineString',
        coordinates: [
          [120.9, 31.18],
          [120.9, 31.18],
        ],
      } as ZoneGeometry,
      'too-few-positions',
    ],
    [
      'a 1-metre line',
      {
        type: 'LineString',
        coordinates: [
          [120.9, 31.18],
          [120.90001, 31.18],
        ],
      } as ZoneGeometry,
      'too-short',
    ],
  ])('refuses %s with a reason', (_name, geometry, expected) => {
    expect(reason(validateZoneGeometry(geometry, { townOutline: town }))).toBe(expected);
  });

  it('refuses a ring with too many vertices before looking at them', () => {
    const ring = Array.from({ length: 25_001 }, (_, index) => [120.9 + index * 1e-7, 31.18]);
    expect(reason(validateZoneGeometry(polygon(ring)))).toBe('too-many-vertices');
  });
});

describe('zonesOverlap', () => {
  it('sees shared area but not a shared edge', () => {
    expect(zonesOverlap(square(120.9, 31.18), square(120.9005, 31.1805))).toBe(true);
    expect(zonesOverlap(square(120.9, 31.18), square(120.901, 31.18))).toBe(false);
    expect(zonesOverlap(square(120.9, 31.18), square(120.95, 31.2))).toBe(false);
  });
});

/** A closed ring of `corners` corners around a centre, wobbly but simple (never crossing itself). */
const wobblyRing = (corners: number, radius = 0.002) => {
  const ring = Array.from({ length: corners }, (_, index) => {
    const angle = (index / corners) * 2 * Math.PI;
    const r = radius * (1 + 0.08 * Math.sin(angle * 7));
    return [120.9 + r * Math.cos(angle), 31.18 + r * Math.sin(angle)];
  });
  return [...ring, ring[0]!];
};

describe('ringsSelfIntersect (the indexed kinks check, P10)', () => {
  it('gives the answers of turf kinks: crossings and touching corners, never neighbouring edges', () => {
    const cases: number[][][][] = [
      [wobblyRing(50)],
      [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
      [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 0],
          [0, 4],
          [0, 0],
        ],
      ],
      [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [3, 1],
          [3, 3],
          [1, 3],
          [1, 1],
        ],
      ],
    ];
    for (const rings of cases) {
      const expected = kinks({ type: 'Polygon', coordinates: rings }).features.length > 0;
      expect(ringsSelfIntersect(rings)).toBe(expected);
    }
    expect(ringsSelfIntersect(cases[1]!)).toBe(true);
    expect(ringsSelfIntersect(cases[2]!)).toBe(true);
  });

  it('checks a 19,000-corner ring, and finds one crossing among them', () => {
    const ring = wobblyRing(19_000);
    expect(ringsSelfIntersect([ring])).toBe(false);
    const crossed = ring.map((position) => [...position]);
    [crossed[100], crossed[101]] = [crossed[101]!, crossed[100]!];
    expect(ringsSelfIntersect([crossed])).toBe(true);
    expect(reason(validateZoneGeometry(polygon(ring), { townOutline: town }))).toBe('valid');
  });
});

describe('inside the town outline', () => {
  const concave: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [120.84, 31.13],
          [120.98, 31.13],
          [120.98, 31.24],
          [120.91, 31.24],
          [120.91, 31.2],
          [120.9, 31.2],
          [120.9, 31.24],
          [120.84, 31.24],
          [120.84, 31.13],
        ],
      ],
    },
  };
  it('refuses an edge that leaves the outline between two corners inside it', () => {
    const across = polygon([
      [120.895, 31.21],
      [120.915, 31.21],
      [120.915, 31.215],
      [120.895, 31.215],
      [120.895, 31.21],
    ]);
    expect(reason(validateZoneGeometry(across, { townOutline: concave }))).toBe('outside-town');
    expect(reason(validateZoneGeometry(square(120.92, 31.21), { townOutline: concave }))).toBe('valid');
  });
  it('accepts a zone drawn along the outline', () => {
    const along = polygon([
      [120.84, 31.13],
      [120.85, 31.13],
      [120.85, 31.14],
      [120.84, 31.14],
      [120.84, 31.13],
    ]);
    expect(reason(validateZoneGeometry(along, { townOutline: concave }))).toBe('valid');
  });
});
