import type { DeckLayerFactory, DeckModules } from '../../map/deck-overlay';
import { GEOJSON_MAX_FEATURES, type ZoneCollection, type ZoneFeature } from '../../shared/zones/zone';

/**
 * A county's zones (more than one GeoJSON answer may hold, P3) are drawn by deck.gl, not as a maplibre GeoJSON
 * source: the geometry goes to the GPU once, and a filter change only rewrites one per-vertex attribute (1 shown,
 * 0 hidden) through DataFilterExtension — nothing is parsed, tiled or sent to a worker again (P9).
 */
export const COUNTY_ZONES_LAYER = 'county-zones';
/** Drawn among the data layers (under names, photos and drafts): deck.gl's maplibre layer of it has this id. */
const BEFORE_LAYER = 'slot-data';
export const COUNTY_ZONES_MAP_LAYER = `deck-maplibre-layer-group-before:${BEFORE_LAYER}`;

/** True when these zones are drawn as the county layer instead of the zone GeoJSON source. */
export const isCountyScale = (zones: ZoneCollection | undefined) =>
  (zones?.features.length ?? 0) > GEOJSON_MAX_FEATURES;

type Rgba = [number, number, number, number];

/** #rrggbb → [r, g, b, alpha]. */
export function rgba(hex: string, alpha: number): Rgba {
  const value = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return Number.isFinite(value)
    ? [(value >> 16) & 255, (value >> 8) & 255, value & 255, alpha]
    : [136, 136, 136, alpha];
}

export interface CountyZoneLayerInput {
  zones: readonly ZoneFeature[];
  statusColors: Readonly<Record<string, string>>;
  overdueColor: string;
  /** Ids of the zones that pass the filters; null shows all. The same array object means the same filter. */
  visibleIds: readonly string[] | null;
  selectedId: string | null;
  onHover(zone: ZoneFeature | null, position: [number, number] | null): void;
  onClick(zone: ZoneFeature): void;
}

const extensionCache = new WeakMap<object, unknown>();
/** One DataFilterExtension per loaded module: a new instance would rebuild the layer's shaders. */
function filterExtension(modules: DeckModules) {
  const extensions = modules.extensions!;
  let extension = extensionCache.get(extensions);
  if (!extension) {
    extension = new extensions.DataFilterExtension({ filterSize: 1 });
    extensionCache.set(extensions, extension);
  }
  return extension as InstanceType<typeof extensions.DataFilterExtension>;
}

/**
 * The county layer: areas filled by status, lines and points in their status colour, overdue ones outlined in the
 * overdue colour, the selected zone highlighted, hover and click picked by deck.gl.
 */
export function createCountyZoneLayers(input: CountyZoneLayerInput): DeckLayerFactory {
  const colors = new Map(Object.entries(input.statusColors).map(([code, hex]) => [code, hex]));
  const fill = (zone: ZoneFeature) => rgba(colors.get(zone.properties.status) ?? '#888888', 128);
  const line = (zone: ZoneFeature) =>
    rgba(zone.properties.overdue ? input.overdueColor : (colors.get(zone.properties.status) ?? '#888888'), 255);
  const visible = input.visibleIds ? new Set(input.visibleIds) : null;
  const selectedIndex = input.selectedId ? input.zones.findIndex((zone) => zone.id === input.selectedId) : -1;
  return (modules) => [
    new modules.layers.GeoJsonLayer<ZoneFeature['properties']>({
      id: COUNTY_ZONES_LAYER,
      beforeId: BEFORE_LAYER,
      data: input.zones as never,
      filled: true,
      stroked: true,
      pointType: 'circle',
      getFillColor: fill as never,
      getLineColor: line as never,
      getLineWidth: (zone: unknown) => ((zone as ZoneFeature).geometry.type === 'LineString' ? 4 : 1.5),
      lineWidthUnits: 'pixels',
      lineWidthMinPixels: 1,
      getPointRadius: 6,
      pointRadiusUnits: 'pixels',
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      ...(selectedIndex >= 0 ? { highlightedObjectIndex: selectedIndex } : {}),
      getFilterValue: (zone: unknown) => (!visible || visible.has((zone as ZoneFeature).id) ? 1 : 0),
      filterRange: [1, 1],
      updateTriggers: {
        getFillColor: input.statusColors,
        getLineColor: input.overdueColor,
        getFilterValue: input.visibleIds,
      },
      extensions: [filterExtension(modules)],
      onHover: (info: { object?: unknown; coordinate?: number[] }) => {
        const zone = (info.object as ZoneFeature | undefined) ?? null;
        const at = info.coordinate;
        input.onHover(zone, zone && at ? [at[0]!, at[1]!] : null);
      },
      onClick: (info: { object?: unknown }) => {
        if (info.object) input.onClick(info.object as ZoneFeature);
        return true;
      },
    } as never),
  ];
}
