import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

/** A raster basemap the engine can show beneath the data (online, configured by the server). */
export interface RasterBasemap {
  id: string;
  tiles: string[];
  labelTiles?: string[];
  attribution: string;
  maxZoom: number;
}

export const BASEMAP_SOURCE = 'raster-basemap';
/** The zones' GeoJSON source (features/zones draws it; the flood view colours the flood-prone areas on it). */
export const ZONES_SOURCE = 'zones';
export const BASEMAP_LABEL_SOURCE = 'raster-basemap-labels';

/**
 * The offline style: a plain background and nothing that needs the network (no glyphs, no sprite;
 * maplibre draws label text, CJK included, with the browser's local fonts).
 */
export function createOfflineStyle(backgroundColor: string): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': backgroundColor } }],
  };
}

/** Layers drawing a raster basemap (and its label overlay) right above the background. */
export function createRasterBasemapLayers(basemap: RasterBasemap): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    { id: 'raster-basemap', type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 1 } },
  ];
  if (basemap.labelTiles?.length) {
    layers.push({ id: 'raster-basemap-labels', type: 'raster', source: BASEMAP_LABEL_SOURCE });
  }
  return layers;
}
