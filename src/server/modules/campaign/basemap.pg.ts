import type { PgDb } from '../../platform/db/pg/pool';
import type { BasemapRepository } from './basemap.repo';
import { BASEMAP_SQL, toBasemapFeature, toPlace, type BasemapRow, type PlaceRow } from './basemap.rows';

/** The PostgreSQL basemap repository (basemap.repo.ts is the SQLite one). */
export function createBasemapPgRepository(db: PgDb): BasemapRepository {
  return {
    async listBasemapFeatures() {
      return (await db.query<BasemapRow>(BASEMAP_SQL.features)).rows.map(toBasemapFeature);
    },
    async listPlaces() {
      return (await db.query<PlaceRow>(BASEMAP_SQL.places)).rows.map(toPlace);
    },
  };
}
