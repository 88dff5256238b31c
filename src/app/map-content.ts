import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { BasemapOption } from '../shared/geo/basemap';
import { GEOJSON_MAX_FEATURES, type ZoneList, type ZoneListFeature } from '../shared/zones/zone';
import type { PlaceCollection } from '../data/basemap';
import type { ContentSource, MapContent } from '../map/map-content';
import {
  createOverdueRingLayers,
  createZoneLabelLayers,
  createZoneLayers,
  OVERDUE_RINGS_SOURCE,
  overdueRingData,
  toZoneSourceData,
  ZONE_ID_PROPERTY,
  ZONES_SOURCE,
} from '../features/zones/zones.layer';
import type { HistoryPreview } from '../features/zones/history-preview.layer';
import {
  BASEMAP_SOURCE_ID,
  createBasemapLabelLayers,
  createBasemapLayers,
  PLACES_SOURCE_ID,
  placesSourceData,
} from '../features/basemap/basemap.layer';

/** The map page's UI state and data that decide what its map shows. */
export interface MapPageContentInput {
  /** The zones as shown (today's, or as they stood on a day picked on the dashboard); undefined until loaded. */
  zones: ZoneList | undefined;
  statusColors: Readonly<Record<string, string>>;
  overdueColor: string;
  /** The zones passing the filters (null: all). */
  visibleIds: readonly string[] | null;
  /**
   * Past the P3 limit: the zone tiles' source and the filters as a map expression (null: all), from
   * features/zones/county-zones.ts; the zones are drawn once it has come.
   */
  county?: { source: ContentSource; visible: ExpressionSpecification | null };
  selectedId: string | null;
  basemap: FeatureCollection | undefined;
  places: PlaceCollection | undefined;
  /** The chosen online basemap, null for the offline map. */
  online: BasemapOption | null;
  language: string;
  /** An earlier version's shape from the zone history, while one is shown (undefined: a map without one, the big screen). */
  preview?: HistoryPreview | null;
}

// The same data object gives the same source object, so the engine re-reads a source only when its data changed.
const zoneSources = new WeakMap<ZoneList, FeatureCollection>();
const ringSources = new WeakMap<ZoneList, FeatureCollection>();
const placeSources = new WeakMap<PlaceCollection, FeatureCollection>();
function once<K extends object>(cache: WeakMap<K, FeatureCollection>, key: K, build: (key: K) => FeatureCollection) {
  let built = cache.get(key);
  if (!built) cache.set(key, (built = build(key)));
  return built;
}

/**
 * The map page's map content from its state and data: a pure step (like Placemark's split_feature_groups),
 * unit-tested in map-content.test.ts; map-page hands it to MapCanvas (map/map-content.ts applies it). The zones come
 * first so the map worker prepares them before the base map; a group is left out until its data has come.
 */
export function mapPageContent(input: MapPageContentInput): MapPageContent {
  const sources: ContentSource[] = [];
  const groups: MapContent['groups'] = {};
  // Past the P3 limit the zones come as vector tiles cut by the server (docs/quality.md P9), drawn by the same layers.
  // Until that content has come (features/zones/county-zones.ts, loaded then), no zones are drawn.
  const { county } = input;
  if (county) {
    sources.push(county.source);
    groups.data = createZoneLayers({ ...input, tiles: county });
    groups['data-labels'] = createZoneLabelLayers({ visibleIds: null, tiles: county });
  } else if (input.zones && input.zones.features.length <= GEOJSON_MAX_FEATURES) {
    sources.push({
      id: ZONES_SOURCE,
      data: once(zoneSources, input.zones, toZoneSourceData),
      promoteId: ZONE_ID_PROPERTY,
    });
    sources.push({ id: OVERDUE_RINGS_SOURCE, data: once(ringSources, input.zones, overdueRingData) });
    groups.data = [
      ...createZoneLayers({
        statusColors: input.statusColors,
        overdueColor: input.overdueColor,
        visibleIds: input.visibleIds,
        selectedId: input.selectedId,
      }),
      ...createOverdueRingLayers({ overdueColor: input.overdueColor, visibleIds: input.visibleIds }),
    ];
    groups['data-labels'] = createZoneLabelLayers({ visibleIds: input.visibleIds });
  }
  if (input.basemap) sources.push({ id: BASEMAP_SOURCE_ID, data: input.basemap });
  if (input.places) sources.push({ id: PLACES_SOURCE_ID, data: once(placeSources, input.places, placesSourceData) });
  let raster: MapContent['raster'];
  if (input.basemap && input.places) {
    const online = input.online !== null;
    raster = input.online;
    groups.base = createBasemapLayers({ online });
    groups.labels = createBasemapLabelLayers({
      online,
      nameProperty: input.language.startsWith('en') ? 'nameEn' : 'name',
    });
  }
  // Drawn only while shown: the first map has neither its source nor its layers.
  if (input.preview) sources.push(input.preview.source);
  if (input.preview !== undefined) groups.overlay = input.preview?.layers ?? [];
  return { sources, groups, ...(raster !== undefined ? { raster } : {}) };
}

export type MapPageContent = MapContent;

/** A day picked on the dashboard: each zone's status then, and which were overdue. */
export interface PastDay {
  asOf: string;
  statuses: Record<string, string>;
  overdue: string[];
}

/** The zones as they stood on a past day (those that existed then, in their status then); as they are without one. */
export function zonesOnDay(zones: ZoneList | undefined, day: PastDay | null): ZoneList | undefined {
  if (!zones || !day) return zones;
  const overdue = new Set(day.overdue);
  return {
    ...zones,
    features: zones.features
      .filter((zone) => day.statuses[zone.id])
      .map((zone) => ({
        ...zone,
        properties: {
          ...zone.properties,
          status: day.statuses[zone.id] as ZoneListFeature['properties']['status'],
          overdue: overdue.has(zone.id),
        },
      })),
  };
}
