import type { Db } from '../../platform/db/connection';
import { createPolygonIndex, type JoinGeometry, type PolygonIndex } from '../../../shared/geo/spatial-join';

/** What a point joins to: the remediation zone, the village/community and the 单元网格 it falls in. */
export interface CaseJoin {
  zoneId: number | null;
  villageCode: string | null;
  gridCode: string | null;
}

interface ZoneGeometryRow {
  id: number;
  geometry_json: string;
}

/**
 * The spatial join of case points to zones (areas only, not deleted; smallest zone wins where zones overlap) and
 * to grid cells (which carry the village code). Grids are static (seeded), so their index is cached; zones change,
 * so the zone index is built for each batch from the zones whose box meets the points' box (R*Tree).
 */
export function createCaseJoiner(db: Db) {
  const gridRows = db.prepare('SELECT code, village_code, geometry_json FROM grids ORDER BY code');
  const gridCount = db.prepare('SELECT count(*) AS n FROM grids');
  const zonesInBox = db.prepare(`
    SELECT z.id, z.geometry_json FROM zones z JOIN zones_rtree r ON r.id = z.id
    WHERE z.deleted_at IS NULL AND z.geometry_type IN ('Polygon', 'MultiPolygon')
      AND r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat
    ORDER BY z.id`);
  let grid: { count: number; index: PolygonIndex<number>; cells: { code: string; village: string }[] } | null = null;

  function gridIndex() {
    const count = (gridCount.get() as { n: number }).n;
    if (grid && grid.count === count) return grid;
    const rows = gridRows.all() as { code: string; village_code: string; geometry_json: string }[];
    grid = {
      count,
      cells: rows.map((row) => ({ code: row.code, village: row.village_code })),
      index: createPolygonIndex(
        rows.map((row, index) => ({ id: index, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
      ),
    };
    return grid;
  }

  /** The zone index for the zones meeting a box (lon/lat). */
  function zoneIndex(box: { minLon: number; minLat: number; maxLon: number; maxLat: number }) {
    const rows = zonesInBox.all(box) as ZoneGeometryRow[];
    return createPolygonIndex(
      rows.map((row) => ({ id: row.id, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
    );
  }

  /** Join many points (lon,lat interleaved) in bulk: one zone index, one grid index, one pass. */
  function joinMany(coords: Float64Array): CaseJoin[] {
    const count = coords.length / 2;
    if (count === 0) return [];
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (let i = 0; i < count; i++) {
      const lon = coords[i * 2]!;
      const lat = coords[i * 2 + 1]!;
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    const zoneRows = zonesInBox.all({ minLon, minLat, maxLon, maxLat }) as ZoneGeometryRow[];
    const zones = createPolygonIndex(
      zoneRows.map((row) => ({ id: row.id, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
    );
    const zoneHits = zones.joinPoints(coords);
    const { index, cells } = gridIndex();
    const gridHits = index.joinPoints(coords);
    const out: CaseJoin[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const zone = zoneHits[i]!;
      const cell = gridHits[i]!;
      out[i] = {
        zoneId: zone === -1 ? null : zoneRows[zone]!.id,
        villageCode: cell === -1 ? null : cells[cell]!.village,
        gridCode: cell === -1 ? null : cells[cell]!.code,
      };
    }
    return out;
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
