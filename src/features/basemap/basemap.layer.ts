import type { FeatureCollection } from 'geojson';
import type { PlaceCollection } from '../../data/basemap';
import type { LayerSpecification } from 'maplibre-gl';

export const BASEMAP_SOURCE_ID = 'basemap';
export const PLACES_SOURCE_ID = 'places';

/** The places source: each village or community labelled with its short name. */
export function placesSourceData(places: PlaceCollection): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: places.features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, label: feature.properties.shortName },
    })),
  };
}

/** The colours of the hand-drawn offline base map: the one table for them. */
export const BASEMAP_COLORS = {
  background: '#dfe5e8',
  land: '#f6f4ee',
  outline: '#5f6670',
  water: '#a9d2ec',
  waterLabel: '#2c6e9b',
  river: '#8cc3e8',
  road: '#ffffff',
  roadCasing: '#cbbfa8',
  roadLabel: '#6b5d45',
  community: '#b5473a',
  village: '#4d5a66',
  placeHalo: '#ffffff',
} as const;

const layer = (name: string) => ['==', ['get', 'layer'], name] as const;

/**
 * Base layers (town outline, lakes, rivers, roads). Over an online basemap only the town outline is
 * kept, so the hand-drawn water and roads do not fight the real ones.
 */
export function createBasemapLayers(options: { online: boolean }): LayerSpecification[] {
  const outline: LayerSpecification = {
    id: 'base-outline-line',
    type: 'line',
    source: BASEMAP_SOURCE_ID,
    filter: layer('outline') as never,
    paint: { 'line-color': BASEMAP_COLORS.outline, 'line-width': 2, 'line-dasharray': [4, 2] },
  };
  if (options.online) return [outline];
  return [
    {
      id: 'base-land',
      type: 'fill',
      source: BASEMAP_SOURCE_ID,
      filter: layer('outline') as never,
      paint: { 'fill-color': BASEMAP_COLORS.land },
    },
    {
      id: 'base-lake',
      type: 'fill',
      source: BASEMAP_SOURCE_ID,
      filter: layer('lake') as never,
      paint: { 'fill-color': BASEMAP_COLORS.water },
    },
    {
      id: 'base-river',
      type: 'line',
      source: BASEMAP_SOURCE_ID,
      filter: layer('river') as never,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': BASEMAP_COLORS.river,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 16, 10],
      },
    },
    {
      id: 'base-road-casing',
      type: 'line',
      source: BASEMAP_SOURCE_ID,
      filter: layer('road') as never,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': BASEMAP_COLORS.roadCasing,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 3, 16, 14],
      },
    },
    {
      id: 'base-road',
      type: 'line',
      source: BASEMAP_SOURCE_ID,
      filter: layer('road') as never,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': BASEMAP_COLORS.road,
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.8, 16, 11],
      },
    },
    outline,
  ];
}

/** Names of lakes, rivers and roads, and the communities and villages, drawn on top of the data. */
export function createBasemapLabelLayers(options: {
  online: boolean;
  nameProperty: 'name' | 'nameEn';
}): LayerSpecification[] {
  const name = ['coalesce', ['get', options.nameProperty], ['get', 'name']];
  const places: LayerSpecification[] = [
    {
      id: 'places-dot',
      type: 'circle',
      source: PLACES_SOURCE_ID,
      paint: {
        'circle-radius': ['match', ['get', 'kind'], 'community', 4.5, 3.5],
        'circle-color': ['match', ['get', 'kind'], 'community', BASEMAP_COLORS.community, BASEMAP_COLORS.village],
        'circle-stroke-color': BASEMAP_COLORS.placeHalo,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'places-label',
      type: 'symbol',
      source: PLACES_SOURCE_ID,
      layout: {
        'text-field': ['get', 'label'],
        'text-size': ['match', ['get', 'kind'], 'community', 13, 12],
        'text-offset': [0, 0.9],
        'text-anchor': 'top',
        'text-max-width': 10,
      },
      paint: {
        'text-color': ['match', ['get', 'kind'], 'community', BASEMAP_COLORS.community, BASEMAP_COLORS.village],
        'text-halo-color': BASEMAP_COLORS.placeHalo,
        'text-halo-width': 1.6,
      },
    },
  ];
  if (options.online) return places;
  return [
    {
      id: 'base-lake-label',
      type: 'symbol',
      source: BASEMAP_SOURCE_ID,
      filter: layer('lake') as never,
      layout: { 'text-field': name as never, 'text-size': 13, 'text-letter-spacing': 0.2 },
      paint: {
        'text-color': BASEMAP_COLORS.waterLabel,
        'text-halo-color': BASEMAP_COLORS.placeHalo,
        'text-halo-width': 1,
      },
    },
    {
      id: 'base-river-label',
      type: 'symbol',
      source: BASEMAP_SOURCE_ID,
      filter: layer('river') as never,
      minzoom: 13,
      layout: { 'text-field': name as never, 'text-size': 11, 'symbol-placement': 'line' },
      paint: {
        'text-color': BASEMAP_COLORS.waterLabel,
        'text-halo-color': BASEMAP_COLORS.placeHalo,
        'text-halo-width': 1,
      },
    },
    {
      id: 'base-road-label',
      type: 'symbol',
      source: BASEMAP_SOURCE_ID,
      filter: layer('road') as never,
      minzoom: 12.5,
      layout: { 'text-field': name as never, 'text-size': 11, 'symbol-placement': 'line' },
      paint: {
        'text-color': BASEMAP_COLORS.roadLabel,
        'text-halo-color': BASEMAP_COLORS.placeHalo,
        'text-halo-width': 1.2,
      },
    },
    ...places,
  ];
}
