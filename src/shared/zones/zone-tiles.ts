import type { ZoneFeature } from './zone';

/**
 * A town's zones as Mapbox Vector Tiles (`GET /api/zones/tiles/{z}/{x}/{y}.pbf`): past the P3 limit the map draws
 * these instead of a GeoJSON source (docs/quality.md P9). What the tiles hold is said here once: the server builds
 * them with `zoneTileProperties`, the client's layers and filter expression read the same names.
 */
/** The tiles' one layer: named as the map's zone source, where the map engine looks for feature-state. */
export const ZONE_TILE_LAYER = 'zones';
/** Property promoted to the feature id, so hover and selection use feature-state (GeoJSON source and tiles). */
export const ZONE_ID_PROPERTY = 'zoneId';
/** The zoom up to which tiles are cut; closer in, the map overzooms the tiles of this zoom. */
export const ZONE_TILE_MAX_ZOOM = 14;
/** The tile address below the site's origin, in the `{z}/{x}/{y}` form of a vector source. */
export const ZONE_TILE_PATH = '/api/zones/tiles/{z}/{x}/{y}.pbf';

/** Units as one text a map expression can test with `in`: `|lead|unit 2|` holds `|unit 2|` exactly when listed. */
export const unitsText = (units: readonly string[]) => `|${units.join('|')}|`;
/** The piece `unitsText` holds for one unit. */
export const unitToken = (unit: string) => `|${unit}|`;

export interface ZoneTileProperties {
  [ZONE_ID_PROPERTY]: string;
  name: string;
  category: string;
  status: string;
  leadUnit: string;
  /** `unitsText` of the responsible units. */
  responsibleUnits: string;
  overdue: boolean;
}

/** A zone's properties in the tiles: what the zone layers, their filter and the hover tooltip need. */
export function zoneTileProperties(zone: ZoneFeature): ZoneTileProperties {
  const p = zone.properties;
  return {
    [ZONE_ID_PROPERTY]: zone.id,
    name: p.name,
    category: p.category,
    status: p.status,
    leadUnit: p.leadUnit,
    responsibleUnits: unitsText(p.responsibleUnits),
    overdue: p.overdue,
  };
}
