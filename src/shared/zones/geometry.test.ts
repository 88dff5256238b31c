import { describe, expect, it } from 'vitest';
import { booleanClockwise, kinks } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
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

describe('validateZoneGeometry: every geometry type, any value (issue 15)', () => {
  const lines = (...parts: number[][][]): ZoneGeometry => ({ type: 'MultiLineString', coordinates: parts }) as never;
  const multiTown: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPolygon',
      coordinates: [town.geometry.coordinates, squarePolygon(121.5, 31.5, 0.1).coordinates as number[][][]],
    },
  };

  it('checks multi-part lines against the town outline part by part (one or several polygons)', () => {
    const inside = lines(
      [
        [120.9, 31.18],
        [120.901, 31.181],
      ],
      [
        [120.902, 31.18],
        [120.903, 31.181],
      ],
    );
    const straying = lines(
      [
        [120.9, 31.18],
        [120.901, 31.181],
      ],
      [
        [121.0, 31.18],
        [121.001, 31.181],
      ],
    );
    const check = validateZoneGeometry(inside, { townOutline: town });
    expect(check.valid).toBe(true);
    if (check.valid) expect(check.lengthMeters).toBeGreaterThan(2 * 140);
    expect(reason(validateZoneGeometry(straying, { townOutline: town }))).toBe('outside-town');
    expect(reason(validateZoneGeometry(inside, { townOutline: multiTown }))).toBe('valid');
    // One part in each polygon of the outline is inside it.
    const split = lines(
      [
        [120.9, 31.18],
        [120.901, 31.181],
      ],
      [
        [121.51, 31.51],
        [121.52, 31.52],
      ],
    );
    expect(reason(validateZoneGeometry(split, { townOutline: multiTown }))).toBe('valid');
    expect(reason(validateZoneGeometry(straying, { townOutline: multiTown }))).toBe('outside-town');
  });

  it.each([
    ['null', null, 'unsupported-geometry'],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'unsupported-geometry'],
    ['a MultiPoint', { type: 'MultiPoint', coordinates: [[120.9, 31.18]] }, 'unsupported-geometry'],
    ['a Point without coordinates', { type: 'Point', coordinates: [] }, 'bad-coordinate'],
    ['a Point of strings', { type: 'Point', coordinates: ['120.9', '31.18'] }, 'bad-coordinate'],
    ['lines of numbers', { type: 'MultiLineString', coordinates: [120.9, 31.18] }, 'bad-coordinate'],
    ['an empty MultiLineString', { type: 'MultiLineString', coordinates: [] }, 'too-few-positions'],
    ['an empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }, 'too-few-positions'],
  ])('answers %s with a reason, never a throw', (_name, geometry, expected) => {
    expect(reason(validateZoneGeometry(geometry as never, { townOutline: town }))).toBe(expected);
  });

  it('refuses a MultiPolygon whose parts overlap; parts that only touch are fine', () => {
    const parts = (...squares: ZoneGeometry[]): ZoneGeometry =>
      ({ type: 'MultiPolygon', coordinates: squares.map((one) => one.coordinates) }) as ZoneGeometry;
    const overlapping = validateZoneGeometry(parts(square(120.9, 31.18), square(120.9005, 31.1805)));
    expect(reason(overlapping)).toBe('overlapping-parts');
    if (!overlapping.valid) expect(overlapping.detail).toContain('parts 1 and 2');
    expect(reason(validateZoneGeometry(parts(square(120.9, 31.18), square(120.901, 31.18))))).toBe('valid');
    expect(reason(validateZoneGeometry(parts(square(120.9, 31.18), square(120.95, 31.2))))).toBe('valid');
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
