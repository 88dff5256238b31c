import { useEffect, useRef } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import { MapEngine } from './map-engine';

export interface MapCanvasProps {
  bounds: LngLatBoundsLike;
  backgroundColor: string;
  label: string;
  locale?: Record<string, string>;
  onReady(engine: MapEngine | null): void;
}

declare global {
  interface Window {
    /** The live map, for browser tests (test builds only: VITE_TEST_HOOKS=1, see docs/quality.md). */
    __jinxiMap?: MapEngine['map'];
  }
}

/**
 * Test hooks (window.__jinxiMap, a readable drawing buffer for screenshots) exist only in test builds
 * (`npm run build:test`); a production build drops them as dead code.
 */
const TEST_HOOKS = import.meta.env.VITE_TEST_HOOKS === '1';

/** Mounts a MapEngine in a div and hands it to the parent right away. */
export function MapCanvas({ bounds, backgroundColor, label, locale, onReady }: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const ready = useRef(onReady);
  ready.current = onReady;
  const initial = useRef({ bounds, backgroundColor, locale });

  useEffect(() => {
    if (!container.current) return;
    const engine = new MapEngine({
      container: container.current,
      ...initial.current,
      preserveDrawingBuffer: TEST_HOOKS,
    });
    if (TEST_HOOKS) window.__jinxiMap = engine.map;
    // Handed over at once: the engine queues sources and layers until its style has loaded.
    ready.current(engine);
    return () => {
      ready.current(null);
      engine.destroy();
      if (TEST_HOOKS) delete window.__jinxiMap;
    };
  }, []);

  return <div ref={container} className="map-canvas" role="region" aria-label={label} />;
}
