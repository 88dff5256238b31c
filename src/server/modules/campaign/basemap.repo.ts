import type { Db } from '../../platform/db/connection';
import type { BasemapFeature } from '../../../shared/campaign/sample-data';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import type { Place } from '../../../shared/geo/basemap';

export interface BasemapRepository {
  listBasemapFeatures(): Promise<BasemapFeature[]>;
  listPlaces(): Promise<Place[]>;
}

interface BasemapRow {
  layer: BasemapFeature['properties']['layer'];
  name: string;
  name_en: string | null;
  geometry_json: string;
}
interface PlaceRow {
  code_2020: string;
  code_2023: string;
  name: string;
  short_name: string;
  kind: 'community' | 'village';
  lon: number;
  lat: number;
}

export function createBasemapRepository(db: Db): BasemapRepository {
  const features = db.prepare<[], BasemapRow>(
    'SELECT layer, name, name_en, geometry_json FROM basemap_features ORDER BY id',
  );
  const places = db.prepare<[], PlaceRow>('SELECT * FROM places ORDER BY kind, code_2023');
  return {
    async listBasemapFeatures() {
      return features.all().map((row) => ({
        type: 'Feature' as const,
        properties: { layer: row.layer, name: row.name, ...(row.name_en ? { nameEn: row.name_en } : {}) },
        geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
      }));
    },
    async listPlaces() {
      return places.all().map((row) => ({
        code2020: row.code_2020,
        code2023: row.code_2023,
        name: row.name,
        shortName: row.short_name,
        kind: row.kind,
        lon: row.lon,
        lat: row.lat,
      }));
    },
  };
}
