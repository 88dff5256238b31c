import { createPolygonIndex, type JoinGeometry, type PolygonIndex } from '../../../shared/geo/spatial-join';

/** What a point joins to: the remediation zone, the village/community and the 单元网格 it falls in. */
export interface CaseJoin {
  zoneId: number | null;
  villageCode: string | null;
  gridCode: string | null;
}

export interface ZoneGeometryRow {
  id: number;
  geometry_json: string;
}

export interface GridRow {
  code: string;
  village_code: string;
  geometry_json: string;
}

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The zones a join considers: areas only, not deleted (each engine adds its box test and `ORDER BY z.id`). */
export const JOINABLE_ZONE = "z.deleted_at IS NULL AND z.geometry_type IN ('Polygon', 'MultiPolygon')";
export const GRID_ROWS_SQL = 'SELECT code, village_code, geometry_json FROM grids ORDER BY code';

/** The box of many points (lon,lat interleaved). */
export function boxOfPoints(coords: Float64Array): Box {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    const lon = coords[i]!;
    const lat = coords[i + 1]!;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** The shared join rule (src/shared/geo/spatial-join.ts: boundary inside, smallest zone wins) over these zones. */
export function zoneIndexOf(rows: readonly ZoneGeometryRow[]): PolygonIndex<number> {
  return createPolygonIndex(
    rows.map((row) => ({ id: row.id, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
  );
}

export interface GridIndex {
  index: PolygonIndex<number>;
  cells: { code: string; village: string }[];
}

export function gridIndexOf(rows: readonly GridRow[]): GridIndex {
  return {
    cells: rows.map((row) => ({ code: row.code, village: row.village_code })),
    index: createPolygonIndex(
      rows.map((row, index) => ({ id: index, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
    ),
  };
}

/** Join many points (lon,lat interleaved) in one pass over one zone index and the grid index. */
export function joinPoints(coords: Float64Array, zoneRows: readonly ZoneGeometryRow[], grid: GridIndex): CaseJoin[] {
  const count = coords.length / 2;
  const zoneHits = zoneIndexOf(zoneRows).joinPoints(coords);
  const gridHits = grid.index.joinPoints(coords);
  const out: CaseJoin[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const zone = zoneHits[i]!;
    const cell = gridHits[i]!;
    out[i] = {
      zoneId: zone === -1 ? null : zoneRows[zone]!.id,
      villageCode: cell === -1 ? null : grid.cells[cell]!.village,
      gridCode: cell === -1 ? null : grid.cells[cell]!.code,
    };
  }
  return out;
}
