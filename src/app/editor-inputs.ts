import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { ZoneFeature } from '../shared/zones/zone';

// What the zone editor derives from the map page's zones and base map: loaded with the editor (editor-host.tsx),
// not with the map page's first JavaScript (P1).

/** The town outline in the base map (the editor keeps zones inside it), if it has one. */
export function townOutlineOf(
  basemap: { features: readonly { properties: { layer: string }; geometry: { type: string } }[] } | undefined,
): Feature<Polygon | MultiPolygon> | null {
  const outline = basemap?.features.find((feature) => feature.properties.layer === 'outline');
  return outline && (outline.geometry.type === 'Polygon' || outline.geometry.type === 'MultiPolygon')
    ? (outline as unknown as Feature<Polygon | MultiPolygon>)
    : null;
}

/** The lines the editor snaps to: every other zone's outline and the town's. */
export function snapLines(
  zones: readonly ZoneFeature[],
  editingId: string | null,
  townOutline: Feature<Polygon | MultiPolygon> | null,
): Position[][] {
  const lines: Position[][] = [];
  const collect = (geometry: { type: string; coordinates: unknown }) => {
    if (geometry.type === 'Polygon') lines.push(...(geometry.coordinates as Position[][]));
    else if (geometry.type === 'MultiPolygon')
      for (const polygon of geometry.coordinates as Position[][][]) lines.push(...polygon);
    else if (geometry.type === 'LineString') lines.push(geometry.coordinates as Position[]);
  };
  for (const zone of zones) if (zone.id !== editingId) collect(zone.geometry);
  if (townOutline) collect(townOutline.geometry);
  return lines;
}
