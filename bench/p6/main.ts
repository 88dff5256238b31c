/**
 * P6 render page: 100k case points drawn either by the app's deck.gl case layer (binary attributes from
 * GET /api/cases/points.bin, GPU filter: src/features/case-map/case-map.layer.ts) or, as the baseline, by a plain
 * maplibre circle layer over the same points as a GeoJSON source (filter: a maplibre expression). `?mode=deck|maplibre`.
 * Writes `window.__p6` = {firstDrawMs, filterMs[], drawn} for bench/p6-render.ts.
 */
import { Map, setWorkerUrl, type FilterSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as core from '@deck.gl/core';
import * as layers from '@deck.gl/layers';
import * as extensions from '@deck.gl/extensions';
import { decodeCasePoints } from '../../src/shared/cases/case-points';
import { ALL_CASE_POINTS, type CasePointFilter } from '../../src/shared/cases/case-hotspots';
import { createCaseLayers, GROUP_COLORS, prepareCaseLayerData } from '../../src/features/case-map/case-map.layer';
import { createHexGrid } from '../../src/shared/cases/case-hotspots';

declare global {
  interface Window {
    __p6?: { firstDrawMs: number; filterMs: number[]; drawn: number; error?: string };
  }
}

setWorkerUrl(workerUrl);
const params = new URLSearchParams(window.location.search);
const mode = params.get('mode') === 'maplibre' ? 'maplibre' : 'deck';
const changes = Number(params.get('changes') ?? 10);
const container = document.getElementById('map')!;
const width = Number(params.get('w'));
const height = Number(params.get('h'));
if (width > 0 && height > 0) {
  container.style.width = `${width}px`;
  container.style.height = `${height}px`;
}

const map = new Map({
  container,
  bounds: [
    [120.84, 31.13],
    [120.98, 31.24],
  ],
  fitBoundsOptions: { padding: 24 },
  fadeDuration: 0,
  style: {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } }],
  },
});

/** Resolve at the next `idle` after `change` (registered first, so it cannot be missed). */
function idleAfter(change: () => void): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    change();
    map.triggerRepaint();
  });
}

/** The filters a user flips between: 大类 06 only, then everything. */
const FILTERS: CasePointFilter[] = [{ ...ALL_CASE_POINTS, groups: ['06'] }, ALL_CASE_POINTS];

async function runDeck() {
  const started = performance.now();
  const data = prepareCaseLayerData(decodeCasePoints(await (await fetch('data/points.bin')).arrayBuffer()));
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  const grid = createHexGrid(data.points.originLon, data.points.originLat, 100);
  const draw = (filter: CasePointFilter) =>
    overlay.setProps({
      layers: createCaseLayers({
        data,
        mode: 'points',
        filter,
        cells: [],
        weights: null,
        grid,
        hotspots: [],
        selectedHotspot: null,
        selectedCase: null,
        onPickCase: () => {},
      })({ core, layers, extensions }),
    });
  await idleAfter(() => draw(ALL_CASE_POINTS));
  // deck.gl creates its device and layers asynchronously: until then a frame draws nothing of it. The first draw
  // is the first frame after its layers exist (an internal, read for this measurement only).
  const deck = (overlay as unknown as { _deck?: { isInitialized: boolean; layerManager?: { getLayers(): unknown[] } } })
    ._deck;
  while (!deck?.isInitialized || !deck.layerManager?.getLayers().length) await idleAfter(() => {});
  await idleAfter(() => {});
  const firstDrawMs = performance.now() - started;
  const filterMs: number[] = [];
  for (let index = 0; index < changes; index++) {
    const before = performance.now();
    await idleAfter(() => draw(FILTERS[index % 2]!));
    filterMs.push(performance.now() - before);
  }
  return { firstDrawMs, filterMs, drawn: data.points.count };
}

async function runMaplibre() {
  const started = performance.now();
  const color: unknown[] = ['match', ['get', 'group']];
  for (const [group, [r, g, b]] of Object.entries(GROUP_COLORS)) color.push(group, `rgb(${r},${g},${b})`);
  color.push('#5a5a5a');
  await idleAfter(() => {
    // maplibre fetches and parses the GeoJSON in its worker, as it would from an API.
    map.addSource('cases', { type: 'geojson', data: new URL('data/points.json', window.location.href).href });
    map.addLayer({
      id: 'cases',
      type: 'circle',
      source: 'cases',
      paint: { 'circle-radius': 3, 'circle-color': color as never, 'circle-opacity': 0.86 },
    });
  });
  while (!map.isSourceLoaded('cases')) await idleAfter(() => {});
  const firstDrawMs = performance.now() - started;
  const filterMs: number[] = [];
  for (let index = 0; index < changes; index++) {
    const filter = FILTERS[index % 2]!;
    const expression: FilterSpecification | null = filter.groups
      ? ['in', ['get', 'group'], ['literal', [...filter.groups]]]
      : null;
    const before = performance.now();
    await idleAfter(() => map.setFilter('cases', expression));
    filterMs.push(performance.now() - before);
  }
  return { firstDrawMs, filterMs, drawn: map.querySourceFeatures('cases').length };
}

map.once('load', () => {
  (mode === 'deck' ? runDeck() : runMaplibre()).then(
    (result) => (window.__p6 = result),
    (error: Error) => (window.__p6 = { firstDrawMs: NaN, filterMs: [], drawn: 0, error: error.message }),
  );
});
