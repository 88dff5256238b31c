import { useEffect, useRef } from 'react';
import type { MapEngine } from '../../map/map-engine';
import type { ZoneList } from '../../shared/zones/zone';
import { ZONE_ID_PROPERTY, ZONE_INTERACTIVE_LAYERS, ZONES_SOURCE } from './zones.layer';

export interface ZoneMapOptions {
  engine: MapEngine | null;
  zones: ZoneList | undefined;
  hoveredId: string | null;
  onHover(id: string | null): void;
  onSelect(id: string | null): void;
}

/**
 * The zones' interaction on the map: hover (highlight by feature-state, the name in a tooltip) and click. Their
 * sources and layers, the overdue rings among them, are map content (app/map-content.ts, built with zones.layer.ts).
 */
export function useZoneMap(options: ZoneMapOptions): void {
  const { engine, zones, hoveredId } = options;
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
    const offHover = engine.onHover(ZONE_INTERACTIVE_LAYERS, ({ feature, position }) => {
      const id = feature?.properties?.[ZONE_ID_PROPERTY];
      callbacks.current.onHover(typeof id === 'string' ? id : null);
      // The zone's name beside the pointer: labels show only from zoom 14, and never on small zones.
      const name = feature?.properties?.name;
      engine.setTooltip(typeof name === 'string' && position ? { position, text: name } : null);
    });
    const offClick = engine.onClick(ZONE_INTERACTIVE_LAYERS, ({ feature }) => {
      const id = feature?.properties?.[ZONE_ID_PROPERTY];
      callbacks.current.onSelect(typeof id === 'string' ? id : null);
    });
    return () => {
      offHover();
      offClick();
      engine.setTooltip(null);
    };
  }, [engine]);
}
