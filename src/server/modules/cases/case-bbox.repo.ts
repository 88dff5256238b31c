import type { Db } from '../../platform/db/connection';
import type { BoundingBox } from '../../../shared/zones/zone';

/**
 * Cases in a box (lon/lat, WGS 84) through the `cases_rtree` R*Tree (migration 10: one degenerate box per case,
 * kept in sync by triggers), never a scan of `cases` (docs/quality.md P4; src/server/modules/cases/case-bbox.test.ts fails on one).
 *
 * The R*Tree keeps its boxes as 32-bit floats, rounded outwards: near lon 121° a step is ~7.6e-6° (~0.7 m), so it
 * also returns points up to that far outside the box. A stored box lying wholly inside the query box holds its point
 * (it was rounded outwards), so it counts without reading the case; only the boxes that straddle an edge (a handful)
 * have the case's own lon/lat (64-bit) tested exactly. `CROSS JOIN` keeps the R*Tree as the outer loop: with a plain JOIN and
 * `ORDER BY c.id` SQLite prefers to walk all of `cases` in id order and look each one up in the R*Tree.
 */
const IN_RTREE_BOX = 'r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat';
const IN_BOX = `${IN_RTREE_BOX} AND c.lon BETWEEN @minLon AND @maxLon AND c.lat BETWEEN @minLat AND @maxLat`;
const RTREE_BOX_INSIDE =
  'r.min_lon >= @minLon AND r.max_lon <= @maxLon AND r.min_lat >= @minLat AND r.max_lat <= @maxLat';
export const CASES_IN_BOX_COUNT_SQL =
  `SELECT count(*) AS n FROM cases_rtree r WHERE ${IN_RTREE_BOX} AND (${RTREE_BOX_INSIDE} OR ` +
  `(SELECT c.lon BETWEEN @minLon AND @maxLon AND c.lat BETWEEN @minLat AND @maxLat FROM cases c WHERE c.id = r.id))`;
export const CASES_IN_BOX_SQL =
  `SELECT c.id, c.lon, c.lat, c.status, c.code, c.zone_id FROM cases_rtree r CROSS JOIN cases c ON c.id = r.id ` +
  `WHERE ${IN_BOX} ORDER BY c.id`;
/** The R*Tree alone (its 32-bit boxes): a superset of the cases in the box, for the benchmark. */
export const CASES_IN_RTREE_BOX_COUNT_SQL = `SELECT count(*) AS n FROM cases_rtree r WHERE ${IN_RTREE_BOX}`;

export interface CaseInBox {
  id: number;
  lon: number;
  lat: number;
  status: string;
  code: string;
  zone_id: number | null;
}

export function createCaseBoxQuery(db: Db) {
  const count = db.prepare<BoundingBox, { n: number }>(CASES_IN_BOX_COUNT_SQL);
  const list = db.prepare<BoundingBox, CaseInBox>(CASES_IN_BOX_SQL);
  return {
    countSync: (box: BoundingBox): number => count.get(box)!.n,
    listSync: (box: BoundingBox): CaseInBox[] => list.all(box),
  };
}
