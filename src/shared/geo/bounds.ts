import type { ZoneBbox, ZoneGeometry, ZoneListFeature } from '../zones/zone';

/**
 * [minLon, minLat, maxLon, maxLat] of a geometry. turf's bbox does the same; this small loop keeps
 * @turf/meta out of the map page's first JavaScript (P1).
 */
export function geometryBounds(geometry: ZoneGeometry): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lon, lat] = value as [number, number];
      bounds[0] = Math.min(bounds[0], lon);
      bounds[1] = Math.min(bounds[1], lat);
      bounds[2] = Math.max(bounds[2], lon);
      bounds[3] = Math.max(bounds[3], lat);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    }
  };
  visit(geometry.coordinates);
  return bounds;
}

/**
 * A zone's box [west, south, east, north]: its geometry's when it has one, else the `bbox` it came with (a zone
 * list past the P3 limit); null for an empty shape.
 */
export function zoneBox(zone: Pick<ZoneListFeature, 'geometry' | 'bbox'>): ZoneBbox | null {
  if (!zone.geometry) return zone.bbox ?? null;
  const box = geometryBounds(zone.geometry);
  return Number.isFinite(box[0]) ? box : null;
}

/** A zone of the list without its geometry, its box kept as `bbox` (the shape of `GET /api/zones?geometry=none`). */
export function withoutGeometry<Zone extends Pick<ZoneListFeature, 'geometry' | 'bbox'>>(
  zone: Zone,
): Zone & { geometry: null } {
  const bbox = zoneBox(zone);
  return { ...zone, geometry: null, ...(bbox ? { bbox } : {}) };
}

/** How many positions (corners, counting a ring's closing one) a geometry's coordinates hold; 0 for anything else. */
export function countPositions(coordinates: unknown): number {
  if (!Array.isArray(coordinates)) return 0;
  if (typeof coordinates[0] === 'number') return 1;
  let count = 0;
  for (const item of coordinates) count += countPositions(item);
  return count;
}
