import { pointOnFeature } from '@turf/turf';
import type { DeckLayerFactory } from '../../map/deck-overlay';
import type { ZoneFeature } from '../../shared/zones/zone';

export interface OverdueMarker {
  id: string;
  position: [number, number];
}

/** One marker per overdue zone, on the zone (inside an area, on a line), for the attention rings. */
export function overdueMarkers(zones: readonly ZoneFeature[], visibleIds: ReadonlySet<string> | null): OverdueMarker[] {
  return zones
    .filter((zone) => zone.properties.overdue && (!visibleIds || visibleIds.has(zone.id)))
    .map((zone) => ({ id: zone.id, position: pointOnFeature(zone).geometry.coordinates as [number, number] }));
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** deck.gl rings that make overdue zones stand out at any zoom (drawn by the lazily loaded overlay). */
export function createOverdueMarkerLayers(markers: readonly OverdueMarker[], overdueColor: string): DeckLayerFactory {
  const rgb = hexToRgb(overdueColor);
  return ({ layers }) => [
    new layers.ScatterplotLayer<OverdueMarker>({
      id: 'overdue-rings',
      data: markers,
      getPosition: (marker) => marker.position,
      getRadius: 14,
      radiusUnits: 'pixels',
      stroked: true,
      filled: true,
      getFillColor: [...rgb, 40],
      getLineColor: [...rgb, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5,
      pickable: false,
      updateTriggers: { getPosition: markers.map((marker) => marker.id).join(',') },
    }),
  ];
}
