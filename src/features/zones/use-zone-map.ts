import { useEffect, useRef } from 'react';
import type { MapEngine } from '../../map/map-engine';
import type { ZoneList } from '../../shared/zones/zone';
import type { ZoneHover } from './zone-hover';
import { ZONE_ID_PROPERTY, ZONE_INTERACTIVE_LAYERS, ZONES_SOURCE } from './zones.layer';

export interface ZoneMapOptions {
  engine: MapEngine | null;
  zones: ZoneList | undefined;
  /** The hovered zone, shared with the list (null: the map does not highlight, e.g. on the big screen). */
  hover: ZoneHover | null;
  onSelect(id: string | null): void;
}

/**
 * The zones' interaction on the map: hover (highlight by feature-state, the name in a tooltip) and click. Their
 * sources and layers, the overdue rings among them, are map content (app/map-content.ts, built with zones.layer.ts).
 */
export function useZoneMap(options: ZoneMapOptions): void {
  const { engine, zones, hover } = options;
  const callbacks = useRef(options);
  callbacks.current = options;

  // Hover highlight through feature-state, never by resetting the source; followed outside React (zone-hover.ts).
  const previousHover = useRef<string | null>(null);
  useEffect(() => {
    if (!engine || !zones || !hover) return;
    const show = () => {
      const id = hover.get();
      if (previousHover.current) engine.setFeatureState(ZONES_SOURCE, previousHover.current, { hover: false });
      if (id) engine.setFeatureState(ZONES_SOURCE, id, { hover: true });
      previousHover.current = id;
    };
    // New zones (a new source's features have no state yet) show the current hover too.
    show();
    return hover.subscribe(show);
  }, [engine, zones, hover]);

  useEffect(() => {
    if (!engine) return;
    const offHover = engine.onHover(ZONE_INTERACTIVE_LAYERS, ({ feature, position }) => {
      const id = feature?.properties?.[ZONE_ID_PROPERTY];
      callbacks.current.hover?.set(typeof id === 'string' ? id : null);
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
