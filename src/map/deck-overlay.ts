import type { Map as MaplibreMap } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';

/** Builds deck.gl layers given the lazily loaded layer classes. */
export type DeckLayerFactory = (modules: DeckModules) => Layer[];
export interface DeckModules {
  layers: typeof import('@deck.gl/layers');
}

export interface DeckOverlayHandle {
  setLayers(factory: DeckLayerFactory): Promise<void>;
  destroy(): void;
}

/**
 * Create the deck.gl overlay on a loaded map. Uses @deck.gl/maplibre (not @deck.gl/mapbox, which
 * reads `map.transform`, gone in maplibre 6). Interleaved so deck layers sit among map layers.
 */
export async function createDeckOverlay(map: MaplibreMap): Promise<DeckOverlayHandle> {
  const [{ MapLibreOverlay }, layers] = await Promise.all([import('@deck.gl/maplibre'), import('@deck.gl/layers')]);
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return {
    async setLayers(factory) {
      overlay.setProps({ layers: factory({ layers }) });
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
