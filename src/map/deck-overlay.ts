import type { Map as MaplibreMap } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';

/** Builds deck.gl layers given the lazily loaded layer classes. */
export type DeckLayerFactory = (modules: DeckModules) => Layer[];
export interface DeckModules {
  core: typeof import('@deck.gl/core');
  layers: typeof import('@deck.gl/layers');
  /** Loaded only when a caller asks for it (`extras`): heatmap, hexagon … */
  aggregation?: typeof import('@deck.gl/aggregation-layers');
  /** Loaded only when a caller asks for it (`extras`): GPU data filtering. */
  extensions?: typeof import('@deck.gl/extensions');
}
export type DeckExtra = 'aggregation' | 'extensions';

export interface DeckOverlayHandle {
  /** Set one owner's layers (others keep theirs); owners are drawn in the order they first set layers. */
  setLayers(factory: DeckLayerFactory, owner?: string, extras?: readonly DeckExtra[]): Promise<void>;
  /** Is a pickable deck.gl object under this point of the map (pixels from its top left)? */
  pickAt(x: number, y: number): boolean;
  destroy(): void;
}

/**
 * Create the deck.gl overlay on a loaded map. Uses @deck.gl/maplibre (not @deck.gl/mapbox, which
 * reads `map.transform`, gone in maplibre 6). Interleaved so deck layers sit among map layers.
 * Several owners (overdue rings, the case layer) each set their own layers.
 */
export async function createDeckOverlay(map: MaplibreMap): Promise<DeckOverlayHandle> {
  const [{ MapLibreOverlay }, core, layers] = await Promise.all([
    import('@deck.gl/maplibre'),
    import('@deck.gl/core'),
    import('@deck.gl/layers'),
  ]);
  const modules: DeckModules = { core, layers };
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  const byOwner = new Map<string, Layer[]>();
  return {
    async setLayers(factory, owner = 'default', extras = []) {
      if (extras.includes('aggregation')) modules.aggregation ??= await import('@deck.gl/aggregation-layers');
      if (extras.includes('extensions')) modules.extensions ??= await import('@deck.gl/extensions');
      byOwner.set(owner, factory(modules));
      overlay.setProps({ layers: [...byOwner.values()].flat() });
    },
    pickAt(x, y) {
      try {
        return Boolean(overlay.pickObject({ x, y, radius: 4 }));
      } catch {
        // not drawn yet
        return false;
      }
    },
    destroy() {
      try {
        map.removeControl(overlay);
      } catch {
        // the map may already be removed
      }
    },
  };
}
