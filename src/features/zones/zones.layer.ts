import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { hasGeometry, type ZoneList } from '../../shared/zones/zone';
import { zoneBox } from '../../shared/geo/bounds';

import { ZONES_SOURCE } from '../../map/style';
import { ZONE_ID_PROPERTY, ZONE_TILE_LAYER } from '../../shared/zones/zone-tiles';

export { ZONES_SOURCE, ZONE_ID_PROPERTY };

export interface ZoneLayerOptions {
  /** Status code → #rrggbb, from the campaign configuration. */
  statusColors: Readonly<Record<string, string>>;
  overdueColor: string;
  /** Ids of the zones that pass the filters; null shows all. */
  visibleIds: readonly string[] | null;
  selectedId: string | null;
  /**
   * Past the P3 limit: the zones come as vector tiles (layer ZONE_TILE_LAYER) and the filters as this expression
   * (zone-filter.ts zoneFilterExpression; null shows all) instead of `visibleIds`.
   */
  tiles?: { visible: ExpressionSpecification | null };
}

/** The zone source with the id promoted for feature-state (a town's list: every zone has its geometry). */
export function toZoneSourceData(zones: ZoneList): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.features.filter(hasGeometry).map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: { ...feature.properties, [ZONE_ID_PROPERTY]: feature.id },
    })),
  };
}

/** Points of the overdue zones, for the rings that mark them while they are small on screen. */
export const OVERDUE_RINGS_SOURCE = 'overdue-rings';
/** A zone smaller than this on screen (its larger side, in pixels) gets a ring; a larger one has its outline. */
export const RING_BELOW_PIXELS = 24;
const METERS_PER_DEGREE = 111_320;
/** Metres per pixel at zoom 0 on the equator (512-pixel tiles). */
const METERS_PER_PIXEL_ZOOM_0 = 40_075_016.686 / 512;

/**
 * One point per overdue zone (the middle of its box) with the zoom from which the zone is at least
 * RING_BELOW_PIXELS across on screen: below that zoom the ring shows it, above it the red outline or casing does.
 */
export function overdueRingData(zones: ZoneList): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.features
      .filter((zone) => zone.properties.overdue)
      .flatMap((zone) => {
        const box = zoneBox(zone);
        return box ? [{ id: zone.id, box }] : [];
      })
      .map(({ id, box: [minLon, minLat, maxLon, maxLat] }) => {
        const lat = (minLat + maxLat) / 2;
        const cos = Math.cos((lat * Math.PI) / 180);
        const meters = Math.max(1, (maxLon - minLon) * METERS_PER_DEGREE * cos, (maxLat - minLat) * METERS_PER_DEGREE);
        return {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [(minLon + maxLon) / 2, lat] },
          properties: {
            [ZONE_ID_PROPERTY]: id,
            ringMaxZoom: Math.log2((RING_BELOW_PIXELS * METERS_PER_PIXEL_ZOOM_0 * cos) / meters),
          },
        };
      }),
  };
}

/** 1 while the map's zoom is under the zone's `ringMaxZoom`, else 0 (stepped by whole zoom levels). */
const RING_ZOOMS = Array.from({ length: 15 }, (_, index) => index + 8);
const ringShown = (): ExpressionSpecification =>
  [
    'step',
    ['zoom'],
    ['case', ['<', 7, ['get', 'ringMaxZoom']], 1, 0],
    ...RING_ZOOMS.flatMap((zoom) => [zoom, ['case', ['<', zoom, ['get', 'ringMaxZoom']], 1, 0]]),
  ] as unknown as ExpressionSpecification;

/**
 * Thin rings (no fill) around overdue zones that are small on screen, in the data group: names and photo markers
 * are drawn above them, and they do not hide the zone they mark.
 */
export function createOverdueRingLayers(
  options: Pick<ZoneLayerOptions, 'overdueColor' | 'visibleIds'>,
): LayerSpecification[] {
  return [
    {
      id: 'zones-overdue-ring',
      type: 'circle',
      source: OVERDUE_RINGS_SOURCE,
      filter: withVisible(options),
      paint: {
        'circle-radius': 9,
        'circle-opacity': 0,
        'circle-stroke-color': options.overdueColor,
        'circle-stroke-width': 2,
        'circle-stroke-opacity': ringShown(),
      },
    },
  ];
}

/** The layers that draw zones and that respond to hover and click. */
export const ZONE_INTERACTIVE_LAYERS = ['zones-fill', 'zones-line', 'zones-point'] as const;

function statusColor(options: ZoneLayerOptions, fallback: string): ExpressionSpecification {
  const pairs = Object.entries(options.statusColors).flat();
  return ['match', ['get', 'status'], ...pairs, fallback] as unknown as ExpressionSpecification;
}

function withVisible(
  options: Pick<ZoneLayerOptions, 'visibleIds' | 'tiles'>,
  ...conditions: ExpressionSpecification[]
): FilterSpecification {
  const all: unknown[] = ['all', ...conditions];
  const visible = options.tiles
    ? options.tiles.visible
    : options.visibleIds && ['in', ['get', ZONE_ID_PROPERTY], ['literal', [...options.visibleIds]]];
  if (visible) all.push(visible);
  return all as FilterSpecification;
}

/** The zones' source, and its layer when the zones come as tiles. */
const zoneSource = (options: Pick<ZoneLayerOptions, 'tiles'>) => ({
  source: ZONES_SOURCE,
  ...(options.tiles && { 'source-layer': ZONE_TILE_LAYER }),
});

const isPolygon: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon'];
const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString'];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const isOverdue: ExpressionSpecification = ['==', ['get', 'overdue'], true];
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
/** A line width from zoom 12 to zoom 16, linear between. */
const byZoom = (at12: ExpressionSpecification, at16: ExpressionSpecification): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  12,
  at12,
  16,
  at16,
];

/**
 * Pure builder of the zone layers: areas filled by status, river segments and roads as lines,
 * markets and sites as points; overdue work gets a red dashed outline or casing; the selected
 * zone a dark outline. Rebuilt on every change; the engine applies only the difference.
 */
export function createZoneLayers(options: ZoneLayerOptions): LayerSpecification[] {
  const color = statusColor(options, '#888888');
  const selected: ExpressionSpecification = ['==', ['get', ZONE_ID_PROPERTY], options.selectedId ?? ''];
  const source = zoneSource(options);
  return [
    {
      id: 'zones-fill',
      type: 'fill',
      ...source,
      filter: withVisible(options, isPolygon),
      paint: {
        'fill-color': color,
        'fill-opacity': ['case', hovered, 0.8, 0.5],
      },
    },
    {
      id: 'zones-outline',
      type: 'line',
      ...source,
      filter: withVisible(options, isPolygon),
      // The same width at every zoom, written as the river segments' line width is (by zoom): both layers then draw
      // with one shader program, one fewer to compile before the first paint (P2).
      paint: { 'line-color': color, 'line-width': byZoom(['case', hovered, 2.5, 1.2], ['case', hovered, 2.5, 1.2]) },
    },
    {
      id: 'zones-overdue-outline',
      type: 'line',
      ...source,
      filter: withVisible(options, isPolygon, isOverdue),
      paint: { 'line-color': options.overdueColor, 'line-width': 3, 'line-dasharray': [2, 1] },
    },
    {
      id: 'zones-line-overdue-casing',
      type: 'line',
      ...source,
      filter: withVisible(options, isLine, isOverdue),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': options.overdueColor, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 8, 16, 16] },
    },
    {
      id: 'zones-line',
      type: 'line',
      ...source,
      filter: withVisible(options, isLine),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': color,
        'line-width': byZoom(['case', hovered, 6, 4], ['case', hovered, 12, 9]),
      },
    },
    {
      id: 'zones-selected-outline',
      type: 'line',
      ...source,
      filter: withVisible(options, ['any', isPolygon, isLine], selected),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#16202b', 'line-width': 3.5, 'line-gap-width': 0 },
    },
    {
      id: 'zones-point',
      type: 'circle',
      ...source,
      filter: withVisible(options, isPoint),
      paint: {
        'circle-color': color,
        'circle-radius': ['case', hovered, 10, 8],
        'circle-stroke-width': [
          'case',
          ['==', ['get', ZONE_ID_PROPERTY], options.selectedId ?? ''],
          4,
          isOverdue,
          3,
          2,
        ],
        'circle-stroke-color': [
          'case',
          ['==', ['get', ZONE_ID_PROPERTY], options.selectedId ?? ''],
          '#16202b',
          isOverdue,
          options.overdueColor,
          '#ffffff',
        ],
      },
    },
  ];
}

/** Zone names drawn above everything at closer zoom levels. */
export function createZoneLabelLayers(options: Pick<ZoneLayerOptions, 'visibleIds' | 'tiles'>): LayerSpecification[] {
  return [
    {
      id: 'zones-label',
      type: 'symbol',
      ...zoneSource(options),
      minzoom: 14,
      filter: withVisible(options),
      layout: {
        'text-field': ['get', 'name'],
        'text-size': 12,
        'symbol-placement': 'point',
        'text-max-width': 8,
        'text-optional': true,
      },
      paint: { 'text-color': '#1f2933', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}
