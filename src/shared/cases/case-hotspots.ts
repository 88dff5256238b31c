import type { CasePoints } from './case-points';
import { CASE_POINTS_NONE } from './case-points';
import type { PolygonIndex } from '../geo/spatial-join';

/**
 * Filters, hexagon bins and hot spots over a binary case point set (src/shared/cases/case-points.ts). Pure and
 * isomorphic: the map computes them on the points it already holds (the filters then apply at once, and the
 * hexagons drawn are exactly the hot spot cells); a server could run the same over the same columns.
 */

/** What the map shows: 大类 (2-digit major codes), statuses, one unit, a range of day numbers (inclusive). */
export interface CasePointFilter {
  /** Major codes (大类) shown; null = all. */
  groups: readonly string[] | null;
  /** Statuses shown; null = all. */
  statuses: readonly string[] | null;
  /** One unit id, `none` for cases not dispatched, null = all. */
  unit: string | null;
  /** Day numbers (days since 1970-01-01, Asia/Shanghai), both included; null = open. */
  fromDay: number | null;
  toDay: number | null;
}

export const ALL_CASE_POINTS: CasePointFilter = {
  groups: null,
  statuses: null,
  unit: null,
  fromDay: null,
  toDay: null,
};

/** The 大类 of each entry of the code dictionary (its first two digits), and the sorted list of them. */
export function codeGroups(codes: readonly string[]): { groups: string[]; groupOfCode: Uint8Array } {
  const groups = [...new Set(codes.map((code) => code.slice(0, 2)))].sort();
  const index = new Map(groups.map((group, i) => [group, i]));
  return { groups, groupOfCode: Uint8Array.from(codes, (code) => index.get(code.slice(0, 2))!) };
}

/** 1 for every case the filter shows, 0 otherwise; and how many are shown. The GPU filter draws the same set. */
export function caseFilterMask(points: CasePoints, filter: CasePointFilter): { mask: Uint8Array; shown: number } {
  const { dictionary } = points;
  const groupOk = Uint8Array.from(dictionary.codes, (code) =>
    !filter.groups || filter.groups.includes(code.slice(0, 2)) ? 1 : 0,
  );
  const statusOk = Uint8Array.from(dictionary.statuses, (status) =>
    !filter.statuses || filter.statuses.includes(status) ? 1 : 0,
  );
  const unitOk = new Uint8Array(256);
  for (let u = 0; u < 256; u++) {
    const id = u === CASE_POINTS_NONE ? 'none' : dictionary.units[u];
    unitOk[u] = filter.unit === null || filter.unit === id ? 1 : 0;
  }
  const from = filter.fromDay === null ? -Infinity : filter.fromDay - points.epochDay;
  const to = filter.toDay === null ? Infinity : filter.toDay - points.epochDay;
  const mask = new Uint8Array(points.count);
  let shown = 0;
  for (let i = 0; i < points.count; i++) {
    const day = points.days[i]!;
    const ok =
      groupOk[points.codes[i]!] === 1 &&
      statusOk[points.statuses[i]!] === 1 &&
      unitOk[points.units[i]!] === 1 &&
      day >= from &&
      day <= to;
    if (ok) {
      mask[i] = 1;
      shown += 1;
    }
  }
  return { mask, shown };
}

const METRES_PER_DEGREE_LAT = 110_950;
const SQRT3 = Math.sqrt(3);

/** A grid of pointy-top hexagons of `radiusMetres` (centre to corner) in a local plane around an origin. */
export interface HexGrid {
  radiusMetres: number;
  /** The cell (axial q, r) a position falls in. */
  cellOf(lon: number, lat: number): [number, number];
  centre(q: number, r: number): [number, number];
  /** The closed outer ring (lon/lat, counter-clockwise) of a cell. */
  ring(q: number, r: number): [number, number][];
}

export function createHexGrid(originLon: number, originLat: number, radiusMetres: number): HexGrid {
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((originLat * Math.PI) / 180);
  const toLonLat = (x: number, y: number): [number, number] => [
    originLon + x / metresPerDegreeLon,
    originLat + y / METRES_PER_DEGREE_LAT,
  ];
  const centreXY = (q: number, r: number) => [radiusMetres * SQRT3 * (q + r / 2), radiusMetres * 1.5 * r] as const;
  return {
    radiusMetres,
    cellOf(lon, lat) {
      const x = (lon - originLon) * metresPerDegreeLon;
      const y = (lat - originLat) * METRES_PER_DEGREE_LAT;
      const fq = ((SQRT3 / 3) * x - y / 3) / radiusMetres;
      const fr = ((2 / 3) * y) / radiusMetres;
      // Cube rounding.
      const fs = -fq - fr;
      let q = Math.round(fq);
      let r = Math.round(fr);
      const s = Math.round(fs);
      const dq = Math.abs(q - fq);
      const dr = Math.abs(r - fr);
      const ds = Math.abs(s - fs);
      if (dq > dr && dq > ds) q = -r - s;
      else if (dr > ds) r = -q - s;
      return [q, r];
    },
    centre(q, r) {
      const [x, y] = centreXY(q, r);
      return toLonLat(x, y);
    },
    ring(q, r) {
      const [cx, cy] = centreXY(q, r);
      const ring: [number, number][] = [];
      for (let k = 0; k < 6; k++) {
        const angle = (Math.PI / 180) * (60 * k - 30);
        const [lon, lat] = toLonLat(cx + radiusMetres * Math.cos(angle), cy + radiusMetres * Math.sin(angle));
        ring.push([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
      }
      ring.push(ring[0]!);
      return ring;
    },
  };
}

export interface HexCell {
  /** "q:r" */
  key: string;
  q: number;
  r: number;
  count: number;
  centre: [number, number];
}

/** The hexagon cells holding at least one shown case, with their counts, and each shown case's cell (or -1). */
export function binCasePoints(
  points: CasePoints,
  mask: Uint8Array | null,
  grid: HexGrid,
): { cells: HexCell[]; cellOfPoint: Int32Array } {
  const cellOfPoint = new Int32Array(points.count).fill(-1);
  const byKey = new Map<string, number>();
  const cells: HexCell[] = [];
  for (let i = 0; i < points.count; i++) {
    if (mask && mask[i] !== 1) continue;
    const [q, r] = grid.cellOf(
      points.originLon + points.positions[i * 2]!,
      points.originLat + points.positions[i * 2 + 1]!,
    );
    const key = `${q}:${r}`;
    let index = byKey.get(key);
    if (index === undefined) {
      index = cells.length;
      byKey.set(key, index);
      cells.push({ key, q, r, count: 0, centre: grid.centre(q, r) });
    }
    cells[index]!.count += 1;
    cellOfPoint[i] = index;
  }
  return { cells, cellOfPoint };
}

export interface Hotspot {
  rank: number;
  key: string;
  /** Shown cases in the cell. */
  count: number;
  /** The three most frequent codes (ties: lower code first). */
  topCodes: { code: string; count: number }[];
  /** The village (12-digit code) most of the cell's cases belong to, or null. */
  villageCode: string | null;
  centre: [number, number];
  /** The cell as a GeoJSON polygon (lon/lat, closed ring). */
  polygon: { type: 'Polygon'; coordinates: [number, number][][] };
}

/**
 * Hot spots: hexagon cells with at least `minCount` shown cases that NO remediation zone covers: the cell's centre
 * lies in no zone area and fewer than half of its cases do. Ranked by count (ties: west to east, then south to
 * north, so the order is stable), at most `limit`.
 */
export function findHotspots(
  points: CasePoints,
  mask: Uint8Array | null,
  options: { grid: HexGrid; minCount: number; limit: number; zones: PolygonIndex<unknown> | null },
): Hotspot[] {
  const { grid, zones } = options;
  const { cells, cellOfPoint } = binCasePoints(points, mask, grid);
  const candidates = new Map<number, { covered: number; codes: Map<number, number>; villages: Map<number, number> }>();
  cells.forEach((cell, index) => {
    if (cell.count < options.minCount) return;
    if (zones && zones.locate(cell.centre[0], cell.centre[1]) !== null) return;
    candidates.set(index, { covered: 0, codes: new Map(), villages: new Map() });
  });
  for (let i = 0; i < points.count; i++) {
    const cell = cellOfPoint[i]!;
    const candidate = cell === -1 ? undefined : candidates.get(cell);
    if (!candidate) continue;
    const lon = points.originLon + points.positions[i * 2]!;
    const lat = points.originLat + points.positions[i * 2 + 1]!;
    if (zones && zones.locate(lon, lat) !== null) candidate.covered += 1;
    candidate.codes.set(points.codes[i]!, (candidate.codes.get(points.codes[i]!) ?? 0) + 1);
    if (points.villages[i] !== CASE_POINTS_NONE)
      candidate.villages.set(points.villages[i]!, (candidate.villages.get(points.villages[i]!) ?? 0) + 1);
  }
  const spots = [...candidates]
    .filter(([index, candidate]) => candidate.covered * 2 < cells[index]!.count)
    .map(([index, candidate]) => {
      const cell = cells[index]!;
      const topCodes = [...candidate.codes]
        .map(([code, count]) => ({ code: points.dictionary.codes[code]!, count }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
        .slice(0, 3);
      const village = [...candidate.villages].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
      return {
        rank: 0,
        key: cell.key,
        count: cell.count,
        topCodes,
        villageCode: village ? points.dictionary.villages[village[0]]! : null,
        centre: cell.centre,
        polygon: { type: 'Polygon' as const, coordinates: [grid.ring(cell.q, cell.r)] },
      };
    })
    .sort((a, b) => b.count - a.count || a.centre[0] - b.centre[0] || a.centre[1] - b.centre[1])
    .slice(0, options.limit);
  spots.forEach((spot, index) => (spot.rank = index + 1));
  return spots;
}
