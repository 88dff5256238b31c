import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import { createPolygonIndex, type JoinGeometry } from './spatial-join';

const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: number[][][]): JoinGeometry => ({ type: 'Polygon', coordinates: rings });

// A: 0..10 square with a hole 4..6; B: 8..12 overlapping A's right edge (smaller than A); M: two squares far apart.
const zones = [
  { id: 'A', geometry: polygon(square(0, 0, 10, 10), square(4, 4, 6, 6)) },
  { id: 'B', geometry: polygon(square(8, 0, 12, 4)) },
  {
    id: 'M',
    geometry: { type: 'MultiPolygon', coordinates: [[square(20, 0, 21, 1)], [square(30, 0, 31, 1)]] } as JoinGeometry,
  },
  {
    id: 'T',
    geometry: polygon([
      [40, 0],
      [44, 0],
      [42, 4],
      [40, 0],
    ]),
  },
];
const index = createPolygonIndex(zones);

describe('the polygon index (spatial join)', () => {
  it('finds a point strictly inside', () => {
    expect(index.locate(1, 1)).toBe('A');
    expect(index.locateAll(1, 1)).toEqual(['A']);
  });

  it('counts a point on an edge or a vertex as inside (ST_Intersects)', () => {
    expect(index.locate(0, 5)).toBe('A'); // left edge
    expect(index.locate(5, 10)).toBe('A'); // top edge
    expect(index.locate(0, 0)).toBe('A'); // vertex
    expect(index.locate(10, 10)).toBe('A'); // vertex
    expect(index.locate(42, 4)).toBe('T'); // apex of a triangle
    expect(index.locate(41, 2)).toBe('T'); // on a sloped edge
  });

  it('excludes a point in a hole but counts one on the hole’s edge or vertex', () => {
    expect(index.locate(5, 5)).toBeNull();
    expect(index.locateAll(5, 5)).toEqual([]);
    expect(index.locate(4, 5)).toBe('A');
    expect(index.locate(6, 6)).toBe('A');
  });

  it('answers null outside every polygon, also for points that are not numbers', () => {
    expect(index.locate(-1, 5)).toBeNull();
    expect(index.locate(15, 15)).toBeNull();
    expect(index.locate(Number.NaN, 1)).toBeNull();
    expect(index.locate(10.000001, 10)).toBeNull();
  });

  it('takes the smallest of overlapping polygons and lists all of them', () => {
    expect(index.locate(9, 2)).toBe('B');
    expect(index.locateAll(9, 2)).toEqual(['A', 'B']);
    expect(index.locate(10, 2)).toBe('B'); // on A's edge, inside B
    expect(index.locateAll(10, 2)).toEqual(['A', 'B']);
    expect(index.locate(11, 2)).toBe('B');
  });

  it('prefers the polygon given first when areas are equal', () => {
    const twins = createPolygonIndex([
      { id: 1, geometry: polygon(square(0, 0, 1, 1)) },
      { id: 2, geometry: polygon(square(0, 0, 1, 1)) },
    ]);
    expect(twins.locate(0.5, 0.5)).toBe(1);
    expect(twins.locateAll(0.5, 0.5)).toEqual([1, 2]);
  });

  it('handles every part of a MultiPolygon', () => {
    expect(index.locate(20.5, 0.5)).toBe('M');
    expect(index.locate(31, 1)).toBe('M');
    expect(index.locate(25, 0.5)).toBeNull();
  });

  it('accepts rings with or without the closing repeat', () => {
    const open = createPolygonIndex([
      {
        id: 'x',
        geometry: polygon([
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
        ]),
      },
    ]);
    expect(open.locate(1, 1)).toBe('x');
    expect(open.locate(2, 1)).toBe('x');
    expect(open.locate(3, 1)).toBeNull();
  });

  it('joins points in bulk to indexes into the polygons, -1 outside', () => {
    const coords = new Float64Array([1, 1, 5, 5, 9, 2, 20.5, 0.5, 99, 99]);
    expect([...index.joinPoints(coords)]).toEqual([0, -1, 1, 2, -1]);
    expect([...createPolygonIndex([]).joinPoints(coords)]).toEqual([-1, -1, -1, -1, -1]);
  });

  it('agrees with turf on random points in random star-shaped polygons, away from edges', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const shapes = Array.from({ length: 40 }, (_, id) => {
      const cx = random() * 10;
      const cy = random() * 10;
      const ring: number[][] = [];
      for (let k = 0; k < 9; k++) {
        const angle = (k / 9) * Math.PI * 2;
        const radius = 0.3 + random() * 1.5;
        ring.push([cx + Math.cos(angle) * radius, cy + Math.sin(angle) * radius]);
      }
      ring.push(ring[0]!);
      return { id, geometry: polygon(ring) };
    });
    const shapeIndex = createPolygonIndex(shapes);
    for (let i = 0; i < 2000; i++) {
      const x = random() * 12 - 1;
      const y = random() * 12 - 1;
      const expected = shapes
        .filter((shape) => booleanPointInPolygon([x, y], shape.geometry as never))
        .map((shape) => shape.id);
      expect(shapeIndex.locateAll(x, y)).toEqual(expected);
    }
  });

  it('joins 100k points to 1k polygons in well under a second', () => {
    const grid = [];
    for (let i = 0; i < 1000; i++) {
      const x = (i % 40) * 0.01;
      const y = Math.floor(i / 40) * 0.01;
      grid.push({
        id: i,
        geometry: polygon([
          [x, y],
          [x + 0.008, y],
          [x + 0.008, y + 0.008],
          [x + 0.004, y + 0.009],
          [x, y + 0.008],
          [x, y],
        ]),
      });
    }
    const big = createPolygonIndex(grid);
    const coords = new Float64Array(200_000);
    let seed = 1;
    for (let i = 0; i < coords.length; i++) coords[i] = ((seed = (seed * 48271) % 2147483647) / 2147483647) * 0.4;
    const started = performance.now();
    const joined = big.joinPoints(coords);
    const elapsed = performance.now() - started;
    expect(joined.length).toBe(100_000);
    expect(joined.some((value) => value >= 0)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });
});
