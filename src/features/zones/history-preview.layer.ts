import type { LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';

/** An earlier version's shape from the zone history, drawn as a dashed outline. */
export const HISTORY_PREVIEW_SOURCE = 'history-preview';

export function historyPreviewData(geometry: Geometry | null): FeatureCollection {
  return { type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', properties: {}, geometry }] : [] };
}

/** Pure builder of the history preview layers: a dashed line, a ring for a point. */
export function createHistoryPreviewLayers(): LayerSpecification[] {
  return [
    {
      id: 'history-preview-line',
      type: 'line',
      source: HISTORY_PREVIEW_SOURCE,
      paint: { 'line-color': '#6a1b9a', 'line-width': 3, 'line-dasharray': [2, 2] },
    },
    {
      id: 'history-preview-point',
      type: 'circle',
      source: HISTORY_PREVIEW_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 9,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#6a1b9a',
        'circle-stroke-width': 3,
      },
    },
  ];
}

/**
 * What the map draws for an earlier version of a zone: built by the zone history (in the zone panel, loaded on first
 * use) and handed to the map page, which draws it while it is shown; nothing of it is in the map page's first
 * JavaScript (P1) nor on its first map.
 */
export interface HistoryPreview {
  source: { id: string; data: FeatureCollection };
  layers: LayerSpecification[];
}

export function historyPreview(geometry: Geometry | null): HistoryPreview {
  return {
    source: { id: HISTORY_PREVIEW_SOURCE, data: historyPreviewData(geometry) },
    layers: createHistoryPreviewLayers(),
  };
}
