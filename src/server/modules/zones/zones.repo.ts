import type { Db } from '../../platform/db/connection';
import type { BoundingBox, ZoneFeature, ZoneGeometry, ZoneListFeature, ZoneQuery } from '../../../shared/zones/zone';
import {
  escapeLike,
  finishZoneList,
  selectZoneSql,
  SQLITE_UNITS,
  toFeature,
  toFeatureWithoutGeometry,
  toOutline,
  type GeometryRow,
  type OutlineRow,
  type ZoneBoxRow,
  type ZoneOutline,
  type ZoneRow,
  ZONE_DATA_STAMP_SQL,
  zoneDataStamp,
} from './zones.rows';

export type { ZoneOutline };

export interface ZoneRepository {
  /** Zones matching the filters, with `overdue` derived for `today` (YYYY-MM-DD, Asia/Shanghai). */
  listZones(query: ZoneQuery, today: string): Promise<ZoneFeature[]>;
  getZone(id: number, today: string): Promise<ZoneFeature | null>;
  /**
   * The zones of these geometry types (all with null) whose box meets `bbox` (through the R*Tree; all zones
   * with null) as outlines, by id: what paging needs to count and pick a page without reading the zones.
   */
  listZoneOutlines(filter: ZoneOutlineFilter): Promise<ZoneOutline[]>;
  /** The box around every zone's box (R*Tree), null without zones: a bbox holding it holds every zone. */
  zonesExtent(): Promise<BoundingBox | null>;
  /** One page (by id) of the zones of these geometry types, and how many there are in all. */
  pageZones(
    filter: Pick<ZoneOutlineFilter, 'geometryTypes'>,
    page: { limit: number; offset: number },
    today: string,
  ): Promise<{ zones: ZoneFeature[]; total: number }>;
  /**
   * One page (by id) of every zone without its geometry, each with its box from the spatial index (SQLite's
   * R*Tree keeps single precision, rounded outward), and how many there are in all (`GET /api/zones?geometry=none`).
   */
  pageZonesWithoutGeometry(
    page: { limit: number; offset: number },
    today: string,
  ): Promise<{ zones: ZoneListFeature[]; total: number }>;
  /** The zones of these ids, by id (deleted ones left out). */
  listZonesByIds(ids: readonly number[], today: string): Promise<ZoneFeature[]>;
  /** The geometries of these zones, by id. */
  zoneGeometries(ids: readonly number[]): Promise<Map<number, ZoneGeometry>>;
  /** A text that changes whenever a zone or task is written, added or removed (zones.rows.ts ZONE_DATA_STAMP_SQL). */
  zoneDataStamp(): Promise<string>;
}

export interface ZoneOutlineFilter {
  bbox: BoundingBox | null;
  geometryTypes: readonly ZoneGeometry['type'][] | null;
}

/** Build the WHERE clause for the zone filters; bbox goes through the R*Tree. */
export function buildZoneFilter(query: ZoneQuery): { joins: string; where: string[]; params: Record<string, unknown> } {
  const where: string[] = ['z.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  let joins = '';
  if (query.bbox) {
    joins = ' JOIN zones_rtree r ON r.id = z.id';
    where.push('r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat');
    Object.assign(params, query.bbox);
  }
  if (query.category?.length) {
    where.push(`z.category IN (SELECT value FROM json_each(@categories))`);
    params.categories = JSON.stringify(query.category);
  }
  if (query.status?.length) {
    where.push(`z.status IN (SELECT value FROM json_each(@statuses))`);
    params.statuses = JSON.stringify(query.status);
  }
  if (query.unit) {
    where.push(
      '(z.lead_unit_id = @unit OR EXISTS (SELECT 1 FROM zone_units u WHERE u.zone_id = z.id AND u.unit_id = @unit))',
    );
    params.unit = query.unit;
  }
  if (query.q && query.q.trim() !== '') {
    where.push(`z.name LIKE @q ESCAPE '\\'`);
    params.q = `%${escapeLike(query.q.trim())}%`;
  }
  return { joins, where, params };
}

export function createZoneRepository(db: Db): ZoneRepository {
  const SELECT_ZONE = selectZoneSql(SQLITE_UNITS);
  const byId = db.prepare<{ id: number; today: string }, ZoneRow>(
    `${SELECT_ZONE} WHERE z.id = @id AND z.deleted_at IS NULL`,
  );
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  // Outlines: from the R*Tree first when there is a box (a view holds few zones), by id.
  const OUTLINE =
    'SELECT z.id, z.geometry_type, z.planned_start, z.planned_end, r.min_lon, r.max_lon, r.min_lat, r.max_lat';
  const OF_TYPES = '(@types IS NULL OR z.geometry_type IN (SELECT value FROM json_each(@types)))';
  const outlines = db.prepare<{ types: string | null }, OutlineRow>(
    `${OUTLINE} FROM zones z LEFT JOIN zones_rtree r ON r.id = z.id
     WHERE z.deleted_at IS NULL AND ${OF_TYPES} ORDER BY z.id`,
  );
  const outlinesIn = db.prepare<BoundingBox & { types: string | null }, OutlineRow>(
    `${OUTLINE} FROM zones_rtree r CROSS JOIN zones z ON z.id = r.id
     WHERE r.max_lon >= @minLon AND r.min_lon <= @maxLon AND r.max_lat >= @minLat AND r.min_lat <= @maxLat
       AND z.deleted_at IS NULL AND ${OF_TYPES}
     ORDER BY z.id`,
  );
  const countOfTypes = db.prepare<{ types: string | null }, { n: number }>(
    `SELECT count(*) AS n FROM zones z WHERE z.deleted_at IS NULL AND ${OF_TYPES}`,
  );
  const pageOfTypes = db.prepare<{ types: string | null; limit: number; offset: number; today: string }, ZoneRow>(
    `${SELECT_ZONE} WHERE z.deleted_at IS NULL AND ${OF_TYPES} ORDER BY z.id LIMIT @limit OFFSET @offset`,
  );
  const pageWithBoxes = db.prepare<{ limit: number; offset: number; today: string }, ZoneBoxRow>(
    `${selectZoneSql(SQLITE_UNITS, 'r.min_lon, r.min_lat, r.max_lon, r.max_lat')}
     LEFT JOIN zones_rtree r ON r.id = z.id
     WHERE z.deleted_at IS NULL ORDER BY z.id LIMIT @limit OFFSET @offset`,
  );
  const byIds = db.prepare<{ ids: string; today: string }, ZoneRow>(
    `${SELECT_ZONE} WHERE z.id IN (SELECT value FROM json_each(@ids)) AND z.deleted_at IS NULL ORDER BY z.id`,
  );
  const geometriesByIds = db.prepare<{ ids: string }, GeometryRow>(
    'SELECT id, geometry_json FROM zones WHERE id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NULL',
  );
  const extent = db.prepare<[], { minLon: number | null; maxLon: number; minLat: number; maxLat: number }>(
    `SELECT min(min_lon) AS minLon, max(max_lon) AS maxLon, min(min_lat) AS minLat, max(max_lat) AS maxLat
     FROM zones_rtree`,
  );
  const stamp = db.prepare<[], Record<string, unknown>>(ZONE_DATA_STAMP_SQL);
  const typesParam = (types: readonly string[] | null) => (types ? JSON.stringify(types) : null);
  return {
    async listZones(query, today) {
      const { joins, where, params } = buildZoneFilter(query);
      const sql = `${SELECT_ZONE}${joins} WHERE ${where.join(' AND ')} ORDER BY z.category, z.id`;
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      const rows = statement.all({ ...params, today }) as ZoneRow[];
      return finishZoneList(rows, query, today);
    },
    async getZone(id, today) {
      const row = byId.get({ id, today });
      return row ? toFeature(row, today) : null;
    },
    async listZoneOutlines({ bbox, geometryTypes }) {
      const types = typesParam(geometryTypes);
      const rows = bbox ? outlinesIn.all({ ...bbox, types }) : outlines.all({ types });
      return rows.map(toOutline);
    },
    async zonesExtent() {
      const box = extent.get()!;
      return box.minLon === null ? null : { ...box, minLon: box.minLon };
    },
    async pageZones({ geometryTypes }, { limit, offset }, today) {
      const types = typesParam(geometryTypes);
      const total = countOfTypes.get({ types })!.n;
      const zones = pageOfTypes.all({ types, limit, offset, today }).map((row) => toFeature(row, today));
      return { zones, total };
    },
    async pageZonesWithoutGeometry({ limit, offset }, today) {
      const total = countOfTypes.get({ types: null })!.n;
      const zones = pageWithBoxes.all({ limit, offset, today }).map((row) => toFeatureWithoutGeometry(row, today));
      return { zones, total };
    },
    async listZonesByIds(ids, today) {
      if (ids.length === 0) return [];
      return byIds.all({ ids: JSON.stringify(ids), today }).map((row) => toFeature(row, today));
    },
    async zoneGeometries(ids) {
      const rows = ids.length ? geometriesByIds.all({ ids: JSON.stringify(ids) }) : [];
      return new Map(rows.map((row) => [row.id, JSON.parse(row.geometry_json) as ZoneGeometry]));
    },
    async zoneDataStamp() {
      return zoneDataStamp(stamp.get()!);
    },
  };
}
