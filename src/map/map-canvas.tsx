import { useEffect, useRef, useState } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import { MapEngine, restartDeadWorkers } from './map-engine';

export interface MapCanvasProps {
  bounds: LngLatBoundsLike;
  backgroundColor: string;
  label: string;
  /** Shown over the map when it could not start even after a retry (plain language, translated). */
  failedText: string;
  locale?: Record<string, string>;
  onReady(engine: MapEngine | null): void;
  /** Called once the page says the map could not start (`failedText` shown). */
  onFailed?(): void;
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

/**
 * Mounts a MapEngine in a div and hands it to the parent right away. If the map's worker fails to load, the
 * workers are replaced and the map is built again once; a second failure shows `failedText`.
 */
/** How long a rebuilt map may take to load its data before the page says it could not. */
const RETRY_WATCHDOG_MS = 15_000;

export function MapCanvas({ bounds, backgroundColor, label, failedText, locale, onReady, onFailed }: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const ready = useRef(onReady);
  ready.current = onReady;
  const initial = useRef({ bounds, backgroundColor, locale });
  const [attempt, setAttempt] = useState(0);
  const [failed, setFailed] = useState(false);
  const failedCallback = useRef(onFailed);
  failedCallback.current = onFailed;
  useEffect(() => {
    if (failed) failedCallback.current?.();
  }, [failed]);

  useEffect(() => {
    if (!container.current) return;
    let live = true;
    const engine = new MapEngine({
      container: container.current,
      ...initial.current,
      preserveDrawingBuffer: TEST_HOOKS,
    });
    engine.onWorkerFailure(() => {
      if (attempt > 0) {
        setFailed(true);
        return;
      }
      void restartDeadWorkers()
        .catch(() => undefined)
        .then(() => live && setAttempt(1));
    });
    // After the retry, a failure may also go unreported (the workers died while no map listened): a map that
    // has still not loaded its data after a while says so too.
    const watchdog =
      attempt > 0
        ? setTimeout(() => {
            if (live && !engine.map.loaded()) setFailed(true);
          }, RETRY_WATCHDOG_MS)
        : undefined;
    if (TEST_HOOKS) window.__jinxiMap = engine.map;
    // Handed over at once: the engine queues sources and layers until its style has loaded.
    ready.current(engine);
    return () => {
      live = false;
      clearTimeout(watchdog);
      ready.current(null);
      engine.destroy();
      if (TEST_HOOKS) delete window.__jinxiMap;
    };
  }, [attempt]);

  return (
    <div ref={container} className="map-canvas" role="region" aria-label={label}>
      {failed ? (
        <p className="map-failed" role="alert">
          {failedText}
        </p>
      ) : null}
    </div>
  );
}
