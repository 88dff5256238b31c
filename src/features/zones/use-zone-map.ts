import { useEffect, useMemo, useRef } from 'react';
import type { FeatureCollection } from 'geojson';
import type { MapEngine } from '../../map/map-engine';
import type { ZoneCollection } from '../../shared/zones/zone';
import {
  createZoneLabelLayers,
  createZoneLayers,
  ZONE_ID_PROPERTY,
  ZONE_INTERACTIVE_LAYERS,
  ZONES_SOURCE,
} from './zones.layer';

export interface ZoneMapOptions {
  engine: MapEngine | null;
  zones: ZoneCollection | undefined;
  statusColors: Record<string, string>;
  overdueColor: string;
  visibleIds: readonly string[] | null;
  selectedId: string | null;
  hoveredId: string | null;
  onHover(id: string | null): void;
  onSelect(id: string | null): void;
}

/** The zone source with the id promoted for feature-state. */
export function toZoneSourceData(zones: ZoneCollection): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.features.map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: { ...feature.properties, [ZONE_ID_PROPERTY]: feature.id },
    })),
  };
}

/** Keep the map's zone source and layers in step with the data, filters, hover and selection. */
export function useZoneMap(options: ZoneMapOptions): void {
  const { engine, zones, statusColors, overdueColor, visibleIds, selectedId, hoveredId } = options;
  const callbacks = useRef(options);
  callbacks.current = options;

  // Data: replaced only when the zones themselves change.
  useEffect(() => {
    if (!engine || !zones) return;
    engine.setGeoJson(ZONES_SOURCE, toZoneSourceData(zones), ZONE_ID_PROPERTY);
  }, [engine, zones]);

  // Layers: rebuilt on every change; the engine applies only the difference (filters, paint).
  const layers = useMemo(
    () => [...createZoneLayers({ statusColors, overdueColor, visibleIds, selectedId })],
    [statusColors, overdueColor, visibleIds, selectedId],
  );
  useEffect(() => {
    if (!engine || !zones) return;
    engine.setLayers('data', layers);
    engine.setLayers('data-labels', createZoneLabelLayers({ visibleIds }));
  }, [engine, zones, layers, visibleIds]);

  // Hover highlight through feature-state, never by resetting the source.
  const previousHover = useRef<string | null>(null);
  useEffect(() => {
    if (!engine || !zones) return;
    if (previousHover.current) engine.setFeatureState(ZONES_SOURCE, previousHover.current, { hover: false });
    if (hoveredId) engine.setFeatureState(ZONES_SOURCE, hoveredId, { hover: true });
    previousHover.current = hoveredId;
  }, [engine, zones, hoveredId]);

  useEffect(() => {
    if (!engine) return;
    const offHover = engine.onHover(ZONE_INTERACTIVE_LAYERS, ({ feature }) => {
      const id = feature?.properties?.[ZONE_ID_PROPERTY];
      callbacks.current.onHover(typeof id === 'string' ? id : null);
    });
    const offClick = engine.onClick(ZONE_INTERACTIVE_LAYERS, ({ feature }) => {
      const id = feature?.properties?.[ZONE_ID_PROPERTY];
      callbacks.current.onSelect(typeof id === 'string' ? id : null);
    });
    return () => {
      offHover();
      offClick();
    };
  }, [engine]);

  // Overdue rings through the lazily loaded deck.gl overlay.
  useEffect(() => {
    if (!engine || !zones) return;
    let cancelled = false;
    // Loaded lazily with deck.gl, after the zones have painted: the marker geometry (turf) is neither in the
    // initial bundle nor parsed while the first view is being drawn.
    void engine
      .whenDataPainted()
      .then(() => import('./zones.deck'))
      .then(({ createOverdueMarkerLayers, overdueMarkers }) => {
        if (cancelled) return;
        const markers = overdueMarkers(zones.features, visibleIds ? new Set(visibleIds) : null);
        void engine.setDeckLayers(createOverdueMarkerLayers(markers, overdueColor));
      });
    return () => {
      cancelled = true;
    };
  }, [engine, zones, visibleIds, overdueColor]);
}
