import { useEffect, useRef } from 'react';
import type { MapEngine } from '../../map/map-engine';
import type { ZoneCollection } from '../../shared/zones/zone';
import { ZONE_ID_PROPERTY, ZONE_INTERACTIVE_LAYERS, ZONES_SOURCE } from './zones.layer';

export interface ZoneMapOptions {
  engine: MapEngine | null;
  zones: ZoneCollection | undefined;
  overdueColor: string;
  visibleIds: readonly string[] | null;
  hoveredId: string | null;
  onHover(id: string | null): void;
  onSelect(id: string | null): void;
}

/**
 * The zones' interaction on the map: hover and click, the hover highlight (feature-state) and the overdue rings
 * (deck.gl). Their source and layers are map content (app/map-content.ts, built with zones.layer.ts).
 */
export function useZoneMap(options: ZoneMapOptions): void {
  const { engine, zones, overdueColor, visibleIds, hoveredId } = options;
  const callbacks = useRef(options);
  callbacks.current = options;

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
