/**
 * P2 (and P9) baseline: a bare maplibre page drawing the same GeoJSON as the app (zones and the offline
 * base map, fetched over HTTP by maplibre itself) with plain fill/line/circle layers, no React and
 * no app code. `window.__ready` is performance.now() at the first `idle` with the zones painted.
 */
import { Map, setWorkerUrl, type ExpressionSpecification, type FilterSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

declare global {
  interface Window {
    /** performance.now() when the zones were first painted (read by bench/p2-map-ready.ts). */
    __ready?: number;
    /** When the map was created and when the zones data reached it (performance.now()). */
    __benchMarks?: { mapCreated: number; zonesData?: number };
    __bareMap?: Map;
  }
}

// maplibre 6 cannot find its worker after bundling (as in src/map/map-engine.ts).
setWorkerUrl(workerUrl);

// The app's map container size (?w=&h=), so both pages render the same number of pixels.
const params = new URLSearchParams(window.location.search);
const container = document.getElementById('map')!;
const width = Number(params.get('w'));
const height = Number(params.get('h'));
// Which zones file to draw (?zones=county: P9's 11,000 zones), the sample town's by default.
const zonesFile = params.get('zones') === 'county' ? '/data/county-zones.json' : '/data/zones.json';
if (width > 0 && height > 0) {
  container.style.width = `${width}px`;
  container.style.height = `${height}px`;
}

const statusColor: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  'not_started',
  '#8a96a3',
  'in_progress',
  '#2b7bd6',
  'pending_acceptance',
  '#e6a100',
  'accepted',
  '#2f9e5a',
  'suspended',
  '#8e63c7',
  '#888888',
];
const baseKind = (name: string): FilterSpecification => ['==', ['get', 'layer'], name];
const geometryType = (type: string): FilterSpecification => ['==', ['geometry-type'], type];

const map = new Map({
  container,
  bounds: [
    [120.84, 31.13],
    [120.98, 31.24],
  ],
  fitBoundsOptions: { padding: 24 },
  style: {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: '/data/basemap.json' },
      zones: { type: 'geojson', data: zonesFile },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dfe5e8' } },
      {
        id: 'base-land',
        type: 'fill',
        source: 'basemap',
        filter: baseKind('outline'),
        paint: { 'fill-color': '#f6f4ee' },
      },
      {
        id: 'base-lake',
        type: 'fill',
        source: 'basemap',
        filter: baseKind('lake'),
        paint: { 'fill-color': '#a9d2ec' },
      },
      {
        id: 'base-river',
        type: 'line',
        source: 'basemap',
        filter: baseKind('river'),
        paint: { 'line-color': '#8cc3e8', 'line-width': 3 },
      },
      {
        id: 'base-road',
        type: 'line',
        source: 'basemap',
        filter: baseKind('road'),
        paint: { 'line-color': '#ffffff', 'line-width': 3 },
      },
      {
        id: 'zones-fill',
        type: 'fill',
        source: 'zones',
        filter: geometryType('Polygon'),
        paint: { 'fill-color': statusColor, 'fill-opacity': 0.5 },
      },
      {
        id: 'zones-outline',
        type: 'line',
        source: 'zones',
        filter: geometryType('Polygon'),
        paint: { 'line-color': statusColor, 'line-width': 1.2 },
      },
      {
        id: 'zones-line',
        type: 'line',
        source: 'zones',
        filter: geometryType('LineString'),
        paint: { 'line-color': statusColor, 'line-width': 5 },
      },
      {
        id: 'zones-point',
        type: 'circle',
        source: 'zones',
        filter: geometryType('Point'),
        paint: {
          'circle-color': statusColor,
          'circle-radius': 8,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  },
});

const marks: NonNullable<Window['__benchMarks']> = { mapCreated: performance.now() };
window.__benchMarks = marks;
map.on('data', (event) => {
  if (marks.zonesData === undefined && 'sourceId' in event && event.sourceId === 'zones') {
    marks.zonesData = performance.now();
  }
});
map.on('idle', () => {
  if (window.__ready === undefined && map.getLayer('zones-fill') && map.isSourceLoaded('zones')) {
    window.__ready = performance.now();
  }
});
window.__bareMap = map;
