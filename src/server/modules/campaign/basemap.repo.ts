import type { Db } from '../../platform/db/connection';
import type { BasemapFeature } from '../../../shared/campaign/sample-data';
import type { Place } from '../../../shared/geo/basemap';
import { BASEMAP_SQL, toBasemapFeature, toPlace, type BasemapRow, type PlaceRow } from './basemap.rows';

export interface BasemapRepository {
  listBasemapFeatures(): Promise<BasemapFeature[]>;
  listPlaces(): Promise<Place[]>;
}

export function createBasemapRepository(db: Db): BasemapRepository {
  const features = db.prepare<[], BasemapRow>(BASEMAP_SQL.features);
  const places = db.prepare<[], PlaceRow>(BASEMAP_SQL.places);
  return {
    async listBasemapFeatures() {
      return features.all().map(toBasemapFeature);
    },
    async listPlaces() {
      return places.all().map(toPlace);
    },
  };
}
