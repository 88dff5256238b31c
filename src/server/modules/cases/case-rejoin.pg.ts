import { createPolygonIndex, type JoinGeometry } from '../../../shared/geo/spatial-join';
import type { PgDb } from '../../platform/db/pg/pool';
import type { CaseRepository } from './cases.repo';

type Box = { minLon: number; minLat: number; maxLon: number; maxLat: number };
const NO_BOX = { minLon: null, minLat: null, maxLon: null, maxLat: null };

/**
 * The re-join of case points after zone writes on PostgreSQL (the rest of the cases repository is not ported yet):
 * the cases whose point lies in the box get the zone they fall in now (areas only, not deleted, smallest zone where
 * zones overlap), as cases.repo.ts does with the R*Tree.
 */
export function createCaseRejoinPg(db: PgDb): Pick<CaseRepository, 'rejoinBox' | 'rejoinZones'> {
  const rejoinBox = (box: Box) =>
    db.transaction(async (tx) => {
      const envelope = [box.minLon, box.minLat, box.maxLon, box.maxLat];
      const cases = (
        await tx.query<{ id: number; lon: number; lat: number; zone_id: number | null }>(
          'SELECT id, lon, lat, zone_id FROM cases WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id FOR UPDATE',
          envelope,
        )
      ).rows;
      if (cases.length === 0) return 0;
      const zones = (
        await tx.query<{ id: number; geometry_json: string }>(
          `SELECT z.id, z.geometry_json FROM zones z
           WHERE z.deleted_at IS NULL AND z.geometry_type IN ('Polygon', 'MultiPolygon')
             AND z.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
           ORDER BY z.id`,
          envelope,
        )
      ).rows;
      const index = createPolygonIndex(
        zones.map((row) => ({ id: row.id, geometry: JSON.parse(row.geometry_json) as JoinGeometry })),
      );
      let changed = 0;
      for (const row of cases) {
        const zone = index.locate(row.lon, row.lat);
        if (zone !== row.zone_id) {
          await tx.query('UPDATE cases SET zone_id = $1 WHERE id = $2', [zone, row.id]);
          changed += 1;
        }
      }
      return changed;
    });
  return {
    rejoinBox,
    async rejoinZones(zoneIds) {
      if (zoneIds.length === 0) return 0;
      const ids = [...zoneIds];
      const [zones, cases] = await Promise.all([
        db.query<{ minLon: number | null; minLat: number; maxLon: number; maxLat: number }>(
          `SELECT ST_XMin(e) AS "minLon", ST_YMin(e) AS "minLat", ST_XMax(e) AS "maxLon", ST_YMax(e) AS "maxLat"
           FROM (SELECT ST_Extent(geom) AS e FROM zones WHERE id = ANY($1::int[])) extent`,
          [ids],
        ),
        db.query<{ minLon: number | null; minLat: number; maxLon: number; maxLat: number }>(
          `SELECT min(lon) AS "minLon", min(lat) AS "minLat", max(lon) AS "maxLon", max(lat) AS "maxLat"
           FROM cases WHERE zone_id = ANY($1::int[])`,
          [ids],
        ),
      ]);
      const present = [zones.rows[0] ?? NO_BOX, cases.rows[0] ?? NO_BOX].filter((box) => box.minLon !== null) as Box[];
      if (present.length === 0) return 0;
      return rejoinBox({
        minLon: Math.min(...present.map((box) => box.minLon)),
        minLat: Math.min(...present.map((box) => box.minLat)),
        maxLon: Math.max(...present.map((box) => box.maxLon)),
        maxLat: Math.max(...present.map((box) => box.maxLat)),
      });
    },
  };
}
