import type { Db } from '../../platform/db/connection';
import {
  boxOfPoints,
  GRID_ROWS_SQL,
  gridIndexOf,
  joinPoints,
  JOINABLE_ZONE,
  zoneIndexOf,
  type Box,
  type CaseJoin,
  type GridIndex,
  type GridRow,
  type ZoneGeometryRow,
} from './case-join.rows';

export type { CaseJoin } from './case-join.rows';

/**
 * The spatial join of case points to zones (areas only, not deleted; smallest zone wins where zones overlap) and
 * to grid cells (which carry the village code). Grids are static (seeded), so their index is cached; zones change,
 * so the zone index is built for each batch from the zones whose box meets the points' box (R*Tree).
 * case-join.pg.ts is the PostgreSQL twin; both use the rule of case-join.rows.ts.
 */
export function createCaseJoiner(db: Db) {
  const gridRows = db.prepare(GRID_ROWS_SQL);
  const gridCount = db.prepare('SELECT count(*) AS n FROM grids');
  const zonesInBox = db.prepare(`
    SELECT z.id, z.geometry_json FROM zones z JOIN zones_rtree r ON r.id = z.id
    WHERE ${JOINABLE_ZONE}
      AND r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat
    ORDER BY z.id`);
  let grid: { count: number; index: GridIndex } | null = null;

  function gridIndex(): GridIndex {
    const count = (gridCount.get() as { n: number }).n;
    if (grid && grid.count === count) return grid.index;
    grid = { count, index: gridIndexOf(gridRows.all() as GridRow[]) };
    return grid.index;
  }

  /** The zone index for the zones meeting a box (lon/lat). */
  function zoneIndex(box: Box) {
    return zoneIndexOf(zonesInBox.all(box) as ZoneGeometryRow[]);
  }

  /** Join many points (lon,lat interleaved) in bulk: one zone index, one grid index, one pass. */
  function joinMany(coords: Float64Array): CaseJoin[] {
    if (coords.length === 0) return [];
    return joinPoints(coords, zonesInBox.all(boxOfPoints(coords)) as ZoneGeometryRow[], gridIndex());
  }

  return {
    joinMany,
    joinOne(lon: number, lat: number): CaseJoin {
      return joinMany(new Float64Array([lon, lat]))[0]!;
    },
    zoneIndex,
  };
}
export type CaseJoiner = ReturnType<typeof createCaseJoiner>;
