import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  hasGeometry,
  type ZoneBbox,
  type ZoneFeature,
  type ZoneGeometry,
  type ZoneListFeature,
} from '../shared/zones/zone';
import { geometryBounds } from '../shared/geo/bounds';
import { zonesInBoxQuery } from '../data/zones';

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

/** Around an edited shape, neighbours are looked for this far beyond its box (degrees, about 300 m). */
const NEIGHBOUR_MARGIN = 0.003;
const NONE: ZoneFeature[] = [];

/**
 * The zones with their shapes the editor snaps to and merges with: a town's list as it is; past the P3 limit, where
 * the list has no shapes (data/zones.ts, P9), the zones around the edited shape read with theirs (none around a new
 * zone not drawn yet).
 */
export function useNeighbourZones(allZones: readonly ZoneListFeature[], around: ZoneGeometry | null): ZoneFeature[] {
  const withShapes = useMemo(() => allZones.filter(hasGeometry), [allZones]);
  const shapeless = withShapes.length < allZones.length;
  let box: ZoneBbox | null = null;
  if (shapeless && around) {
    const [west, south, east, north] = geometryBounds(around);
    if (Number.isFinite(west)) {
      // Rounded (about a metre) so that a shape moved a little asks for the same neighbours.
      const round = (value: number) => Math.round(value * 1e5) / 1e5;
      box = [
        round(west - NEIGHBOUR_MARGIN),
        round(south - NEIGHBOUR_MARGIN),
        round(east + NEIGHBOUR_MARGIN),
        round(north + NEIGHBOUR_MARGIN),
      ];
    }
  }
  const near = useQuery({ ...zonesInBoxQuery(box ?? [0, 0, 0, 0]), enabled: box !== null });
  if (!shapeless) return withShapes;
  return near.data ?? NONE;
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
