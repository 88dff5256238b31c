import { useEffect, useRef, useState } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import { MapEngine, restartDeadWorkers } from './map-engine';
import { applyMapContent, nothingApplied, type MapContent } from './map-content';

export interface MapCanvasProps {
  bounds: LngLatBoundsLike;
  backgroundColor: string;
  label: string;
  /** Shown over the map when it could not start even after a retry (plain language, translated). */
  failedText: string;
  locale?: Record<string, string>;
  /**
   * What the map shows (sources, layer groups, the raster basemap), handed to the engine in the same task that
   * creates it and again whenever it changes. Left out, the parent drives the engine itself.
   */
  content?: MapContent;
  /**
   * While true the map is not created yet: its first content is still coming (once created, it stays). A map
   * created before its data renders empty frames, and with a software renderer each of them holds the main thread
   * long enough to delay the data itself (P2). The area keeps the loading look of the page's start until then.
   */
  defer?: boolean;
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

/** How long a rebuilt map may take to load its data before the page says it could not. */
const RETRY_WATCHDOG_MS = 15_000;

/**
 * Mounts a MapEngine in a div once `defer` is false, gives it `content` in the same task and hands it to the parent.
 * If the map's worker fails to load, the workers are replaced and the map is built again once; a second failure shows
 * `failedText`.
 */
export function MapCanvas({
  bounds,
  backgroundColor,
  label,
  failedText,
  locale,
  content,
  defer = false,
  onReady,
  onFailed,
}: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const [engine, setEngine] = useState<MapEngine | null>(null);
  const latestContent = useRef(content);
  latestContent.current = content;
  const applied = useRef(nothingApplied());
  const ready = useRef(onReady);
  ready.current = onReady;
  const initial = useRef({ bounds, backgroundColor, locale });
  const [attempt, setAttempt] = useState(0);
  // Once created, the map stays: `defer` only holds back its first creation.
  const [started, setStarted] = useState(!defer);
  if (!defer && !started) setStarted(true);
  const [failed, setFailed] = useState(false);
  const failedCallback = useRef(onFailed);
  failedCallback.current = onFailed;
  useEffect(() => {
    if (failed) failedCallback.current?.();
  }, [failed]);

  useEffect(() => {
    if (!container.current || !started) return;
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
    // The content goes in before the first frame; the engine queues it until its style has loaded.
    if (latestContent.current) applyMapContent(engine, latestContent.current, applied);
    setEngine(engine);
    ready.current(engine);
    return () => {
      live = false;
      clearTimeout(watchdog);
      setEngine(null);
      ready.current(null);
      engine.destroy();
      if (TEST_HOOKS) delete window.__jinxiMap;
    };
  }, [attempt, started]);

  useEffect(() => {
    if (engine && content) applyMapContent(engine, content, applied);
  }, [engine, content]);

  return (
    <div
      ref={container}
      className="map-canvas"
      role="region"
      aria-label={label}
      aria-busy={!started || undefined}
      style={started ? undefined : { background: backgroundColor }}
    >
      {failed ? (
        <p className="map-failed" role="alert">
          {failedText}
        </p>
      ) : null}
    </div>
  );
}
