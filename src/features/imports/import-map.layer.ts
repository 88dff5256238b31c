import type { LayerSpecification } from 'maplibre-gl';

/** The town outline under the import preview. */
export const IMPORT_TOWN_SOURCE = 'import-town';

/** Pure builder of the import map's town layers (a light fill and its outline). */
export function createImportTownLayers(): LayerSpecification[] {
  return [
    {
      id: 'import-town-fill',
      type: 'fill',
      source: IMPORT_TOWN_SOURCE,
      paint: { 'fill-color': '#e8f0e0', 'fill-opacity': 0.6 },
    },
    {
      id: 'import-town-line',
      type: 'line',
      source: IMPORT_TOWN_SOURCE,
      paint: { 'line-color': '#4a6b3a', 'line-width': 2 },
    },
  ];
}

/** The colour of the preview shapes (drawn as the engine's draft). */
export const IMPORT_PREVIEW_COLOR = '#d9480f';
