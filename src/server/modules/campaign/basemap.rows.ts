import type { BasemapFeature } from '../../../shared/campaign/sample-data';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import type { Place } from '../../../shared/geo/basemap';

/** Rows of basemap_features and places, their statements (the same text on both engines) and mappers. */
export interface BasemapRow {
  layer: BasemapFeature['properties']['layer'];
  name: string;
  name_en: string | null;
  geometry_json: string;
}
export interface PlaceRow {
  code_2020: string;
  code_2023: string;
  name: string;
  short_name: string;
  kind: 'community' | 'village';
  lon: number;
  lat: number;
}

export const BASEMAP_SQL = {
  features: 'SELECT layer, name, name_en, geometry_json FROM basemap_features ORDER BY id',
  places: 'SELECT * FROM places ORDER BY kind, code_2023',
};

export function toBasemapFeature(row: BasemapRow): BasemapFeature {
  return {
    type: 'Feature' as const,
    properties: { layer: row.layer, name: row.name, ...(row.name_en ? { nameEn: row.name_en } : {}) },
    geometry: JSON.parse(row.geometry_json) as ZoneGeometry,
  };
}

export function toPlace(row: PlaceRow): Place {
  return {
    code2020: row.code_2020,
    code2023: row.code_2023,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind,
    lon: row.lon,
    lat: row.lat,
  };
}
