import type { LayerSpecification } from 'maplibre-gl';

const DRAFT_COLOR = ['coalesce', ['get', 'color'], '#0b57d0'];
/** The layers drawing shapes being entered or compared (MapEngine.setDraft), on the draft source. */
export const draftLayers = (source: string): LayerSpecification[] => [
  {
    id: 'draft-fill',
    type: 'fill',
    source,
    // Polygons tinted only when they ask for it (a split's parts, the zones a shape overlaps).
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': DRAFT_COLOR as never, 'fill-opacity': ['coalesce', ['get', 'fillOpacity'], 0] },
  },
  {
    id: 'draft-line',
    type: 'line',
    source,
    // Lines, and the outlines of polygons.
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': DRAFT_COLOR as never, 'line-width': 4 },
  },
  {
    id: 'draft-point',
    type: 'circle',
    source,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': 7,
      'circle-color': DRAFT_COLOR as never,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
];
