import { useEffect } from 'react';
import type { FeatureCollection } from 'geojson';
import type { MapEngine } from '../../map/map-engine';
import type { BasemapOption } from '../../shared/geo/basemap';
import { BASEMAP_SOURCE_ID, createBasemapLabelLayers, createBasemapLayers, PLACES_SOURCE_ID } from './basemap.layer';
import type { PlaceCollection } from '../../data/basemap';

export interface BasemapMapOptions {
  engine: MapEngine | null;
  basemap: FeatureCollection | undefined;
  places: PlaceCollection | undefined;
  online: BasemapOption | null;
  language: string;
}

/** Draw the offline base map and place names, and the chosen online basemap if any. */
export function useBasemapMap({ engine, basemap, places, online, language }: BasemapMapOptions): void {
  useEffect(() => {
    if (!engine || !basemap) return;
    engine.setGeoJson(BASEMAP_SOURCE_ID, basemap);
  }, [engine, basemap]);

  const english = language.startsWith('en');
  useEffect(() => {
    if (!engine || !places) return;
    engine.setGeoJson(PLACES_SOURCE_ID, {
      type: 'FeatureCollection',
      features: places.features.map((feature) => ({
        ...feature,
        properties: { ...feature.properties, label: feature.properties.shortName },
      })),
    });
  }, [engine, places]);

  useEffect(() => {
    if (!engine || !basemap || !places) return;
    engine.setRasterBasemap(online);
    engine.setLayers('base', createBasemapLayers({ online: online !== null }));
    engine.setLayers('labels', [
      ...createBasemapLabelLayers({ online: online !== null, nameProperty: english ? 'nameEn' : 'name' }),
    ]);
  }, [engine, basemap, places, online, english]);
}
