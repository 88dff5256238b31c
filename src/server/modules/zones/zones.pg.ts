import type { ZoneGeometry, ZoneQuery } from '../../../shared/zones/zone';
import { named, type PgDb } from '../../platform/db/pg/pool';
import type { ZoneRepository } from './zones.repo';
import {
  escapeLike,
  finishZoneList,
  PG_UNITS,
  selectZoneSql,
  toFeature,
  toFeatureWithoutGeometry,
  toOutline,
  type GeometryRow,
  type OutlineRow,
  type ZoneBoxRow,
  type ZoneRow,
  ZONE_DATA_STAMP_SQL,
  zoneDataStamp,
} from './zones.rows';

const SELECT_ZONE = selectZoneSql(PG_UNITS);
/** Where SQLite asks its R*Tree, PostGIS compares boxes (`&&`, edges included) through the GiST index on geom. */
const MEETS_BOX = 'z.geom && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326)';
const OF_TYPES = '(@types::text[] IS NULL OR z.geometry_type = ANY(@types::text[]))';
// The box is read once per zone (Box2D), not once per coordinate.
const BOX_COLUMNS =
  'ST_XMin(b.box) AS min_lon, ST_YMin(b.box) AS min_lat, ST_XMax(b.box) AS max_lon, ST_YMax(b.box) AS max_lat';
const BOX_JOIN = 'CROSS JOIN LATERAL (SELECT Box2D(z.geom) AS box) b';
const OUTLINE = `SELECT z.id, z.geometry_type, z.planned_start, z.planned_end, ${BOX_COLUMNS} FROM zones z ${BOX_JOIN}`;

/** The statements of the PostgreSQL zone reads (exported for the test that holds the index in the plan). */
export const PG_ZONE_SQL = {
  outlines: `${OUTLINE} WHERE z.deleted_at IS NULL AND ${OF_TYPES} ORDER BY z.id`,
  outlinesIn: `${OUTLINE} WHERE ${MEETS_BOX} AND z.deleted_at IS NULL AND ${OF_TYPES} ORDER BY z.id`,
};

/** The WHERE terms of the zone filters (the twin of buildZoneFilter in zones.repo.ts). */
function zoneFilter(query: ZoneQuery): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = ['z.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  if (query.bbox) {
    where.push(MEETS_BOX);
    Object.assign(params, query.bbox);
  }
  if (query.category?.length) {
    where.push('z.category = ANY(@categories::text[])');
    params.categories = query.category;
  }
  if (query.status?.length) {
    where.push('z.status = ANY(@statuses::text[])');
    params.statuses = query.status;
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
  return { where, params };
}

/** The PostgreSQL/PostGIS zone reads (zones.repo.ts is the SQLite one); the same answers. */
export function createZonePgRepository(db: PgDb): ZoneRepository {
  const rows = async <Row extends object>(text: string, params: Record<string, unknown>) => {
    const statement = named(text, params);
    return (await db.query<Row & Record<string, unknown>>(statement.text, statement.values)).rows as Row[];
  };
  return {
    async listZones(query, today) {
      const { where, params } = zoneFilter(query);
      const sql = `${SELECT_ZONE} WHERE ${where.join(' AND ')} ORDER BY z.category, z.id`;
      return finishZoneList(await rows<ZoneRow>(sql, { ...params, today }), query, today);
    },
    async getZone(id, today) {
      const [row] = await rows<ZoneRow>(`${SELECT_ZONE} WHERE z.id = @id AND z.deleted_at IS NULL`, { id, today });
      return row ? toFeature(row, today) : null;
    },
    async listZoneOutlines({ bbox, geometryTypes }) {
      const types = geometryTypes ? [...geometryTypes] : null;
      const found = bbox
        ? await rows<OutlineRow>(PG_ZONE_SQL.outlinesIn, { ...bbox, types })
        : await rows<OutlineRow>(PG_ZONE_SQL.outlines, { types });
      return found.map(toOutline);
    },
    async zonesExtent() {
      const [box] = await rows<{ minLon: number | null; maxLon: number; minLat: number; maxLat: number }>(
        `SELECT ST_XMin(e) AS "minLon", ST_XMax(e) AS "maxLon", ST_YMin(e) AS "minLat", ST_YMax(e) AS "maxLat"
         FROM (SELECT ST_Extent(geom) AS e FROM zones WHERE deleted_at IS NULL) extent`,
        {},
      );
      return !box || box.minLon === null ? null : { ...box, minLon: box.minLon };
    },
    async pageZones({ geometryTypes }, { limit, offset }, today) {
      const types = geometryTypes ? [...geometryTypes] : null;
      const [count, page] = await Promise.all([
        rows<{ n: number }>(`SELECT count(*) AS n FROM zones z WHERE z.deleted_at IS NULL AND ${OF_TYPES}`, { types }),
        rows<ZoneRow>(
          `${SELECT_ZONE} WHERE z.deleted_at IS NULL AND ${OF_TYPES} ORDER BY z.id LIMIT @limit OFFSET @offset`,
          { types, limit, offset, today },
        ),
      ]);
      return { zones: page.map((row) => toFeature(row, today)), total: count[0]!.n };
    },
    async pageZonesWithoutGeometry({ limit, offset }, today) {
      const [count, page] = await Promise.all([
        rows<{ n: number }>('SELECT count(*) AS n FROM zones z WHERE z.deleted_at IS NULL', {}),
        rows<ZoneBoxRow>(
          `${selectZoneSql(PG_UNITS, BOX_COLUMNS)} ${BOX_JOIN}
           WHERE z.deleted_at IS NULL ORDER BY z.id LIMIT @limit OFFSET @offset`,
          { limit, offset, today },
        ),
      ]);
      return { zones: page.map((row) => toFeatureWithoutGeometry(row, today)), total: count[0]!.n };
    },
    async listZonesByIds(ids, today) {
      if (ids.length === 0) return [];
      const found = await rows<ZoneRow>(
        `${SELECT_ZONE} WHERE z.id = ANY(@ids::int[]) AND z.deleted_at IS NULL ORDER BY z.id`,
        { ids: [...ids], today },
      );
      return found.map((row) => toFeature(row, today));
    },
    async zoneGeometries(ids) {
      const found = ids.length
        ? await rows<GeometryRow>(
            'SELECT id, geometry_json FROM zones WHERE id = ANY(@ids::int[]) AND deleted_at IS NULL',
            {
              ids: [...ids],
            },
          )
        : [];
      return new Map(found.map((row) => [row.id, JSON.parse(row.geometry_json) as ZoneGeometry]));
    },
    async zoneDataStamp() {
      const [row] = await rows<Record<string, unknown>>(ZONE_DATA_STAMP_SQL, {});
      return zoneDataStamp(row!);
    },
  };
}
