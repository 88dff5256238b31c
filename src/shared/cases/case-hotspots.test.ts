import { describe, expect, it } from 'vitest';
import { allocateCasePoints, CASE_POINTS_EPOCH_DAY, CASE_POINTS_NONE, type CasePoints } from './case-points';
import { ALL_CASE_POINTS, caseFilterMask, codeGroups, createHexGrid, findHotspots } from './case-hotspots';
import { createPolygonIndex, pointInRing } from '../geo/spatial-join';
import { seededRandom } from './case-generator';

const ORIGIN: [number, number] = [120.9, 31.18];
const METRE_LAT = 1 / 110_950;
const METRE_LON = METRE_LAT / Math.cos((ORIGIN[1] * Math.PI) / 180);

/** Clusters of cases around given centres (metres east/north of the origin), all of code `code`. */
function clusters(spec: { east: number; north: number; n: number; code: number; village: number }[]): CasePoints {
  const random = seededRandom(3);
  const total = spec.reduce((sum, cluster) => sum + cluster.n, 0);
  const points = allocateCasePoints(total, {
    originLon: ORIGIN[0],
    originLat: ORIGIN[1],
    epochDay: CASE_POINTS_EPOCH_DAY,
    dictionary: {
      codes: ['06010', '06011', '09006'],
      statuses: ['reported', 'closed'],
      units: ['chengguanzhongdui'],
      villages: ['320583106001', '320583106201'],
    },
    allSynthetic: true,
  });
  let i = 0;
  for (const cluster of spec) {
    for (let k = 0; k < cluster.n; k++, i++) {
      points.positions[i * 2] = (cluster.east + (random() - 0.5) * 30) * METRE_LON;
      points.positions[i * 2 + 1] = (cluster.north + (random() - 0.5) * 30) * METRE_LAT;
      points.ids[i] = i + 1;
      points.days[i] = 9500 + (k % 10);
      points.codes[i] = k % 5 === 0 ? 1 : cluster.code;
      points.statuses[i] = k % 2;
      points.units[i] = k % 3 === 0 ? CASE_POINTS_NONE : 0;
      points.villages[i] = cluster.village;
    }
  }
  return points;
}

describe('case point filters', () => {
  const points = clusters([
    { east: 0, north: 0, n: 40, code: 0, village: 0 },
    { east: 1000, north: 0, n: 30, code: 2, village: 1 },
  ]);
  it('count exactly what they show, by 大类, status, unit and days', () => {
    expect(caseFilterMask(points, ALL_CASE_POINTS).shown).toBe(70);
    expect(caseFilterMask(points, { ...ALL_CASE_POINTS, groups: ['09'] }).shown).toBe(24);
    expect(caseFilterMask(points, { ...ALL_CASE_POINTS, statuses: ['closed'] }).shown).toBe(35);
    expect(caseFilterMask(points, { ...ALL_CASE_POINTS, unit: 'none' }).shown).toBe(14 + 10);
    const from = CASE_POINTS_EPOCH_DAY + 9500;
    expect(caseFilterMask(points, { ...ALL_CASE_POINTS, fromDay: from, toDay: from + 1 }).shown).toBe(8 + 6);
    expect(codeGroups(points.dictionary.codes)).toEqual({
      groups: ['06', '09'],
      groupOfCode: Uint8Array.from([0, 0, 1]),
    });
  });
});

describe('hexagon cells', () => {
  it('tile the plane: a cell contains its centre and the cell of its centre is itself', () => {
    const grid = createHexGrid(...ORIGIN, 100);
    for (const [q, r] of [
      [0, 0],
      [3, -2],
      [-5, 7],
    ] as const) {
      const centre = grid.centre(q, r);
      expect(grid.cellOf(...centre)).toEqual([q, r]);
      const ring = grid.ring(q, r);
      expect(ring).toHaveLength(7);
      expect(ring[0]).toEqual(ring[6]);
      expect(pointInRing(new Float64Array(ring.slice(0, 6).flat()), ...centre)).toBe(1);
    }
  });
});

describe('hot spots', () => {
  const points = clusters([
    { east: 0, north: 0, n: 40, code: 0, village: 0 },
    { east: 1000, north: 0, n: 30, code: 2, village: 1 },
    { east: 0, north: 1000, n: 3, code: 0, village: 0 },
  ]);
  const grid = createHexGrid(...ORIGIN, 100);
  it('rank the busy cells no zone covers, with their top codes and village', () => {
    const spots = findHotspots(points, null, { grid, minCount: 5, limit: 10, zones: null });
    expect(spots.map((spot) => [spot.rank, spot.count])).toEqual([
      [1, 40],
      [2, 30],
    ]);
    expect(spots[0]!.topCodes).toEqual([
      { code: '06010', count: 32 },
      { code: '06011', count: 8 },
    ]);
    expect(spots[1]!.villageCode).toBe('320583106201');
    expect(spots[0]!.polygon.coordinates[0]).toHaveLength(7);
  });

  it('leave out cells a remediation zone covers, and follow the filter', () => {
    // A zone over the first cluster.
    const square = (east: number, north: number, half: number) => [
      [ORIGIN[0] + (east - half) * METRE_LON, ORIGIN[1] + (north - half) * METRE_LAT],
      [ORIGIN[0] + (east + half) * METRE_LON, ORIGIN[1] + (north - half) * METRE_LAT],
      [ORIGIN[0] + (east + half) * METRE_LON, ORIGIN[1] + (north + half) * METRE_LAT],
      [ORIGIN[0] + (east - half) * METRE_LON, ORIGIN[1] + (north + half) * METRE_LAT],
      [ORIGIN[0] + (east - half) * METRE_LON, ORIGIN[1] + (north - half) * METRE_LAT],
    ];
    const zones = createPolygonIndex([{ id: 'zone', geometry: { type: 'Polygon', coordinates: [square(0, 0, 60)] } }]);
    const spots = findHotspots(points, null, { grid, minCount: 5, limit: 10, zones });
    expect(spots.map((spot) => spot.count)).toEqual([30]);
    const { mask } = caseFilterMask(points, { ...ALL_CASE_POINTS, groups: ['06'] });
    const filtered = findHotspots(points, mask, { grid, minCount: 5, limit: 10, zones: null });
    expect(filtered.map((spot) => spot.count)).toEqual([40, 6]);
  });
});
