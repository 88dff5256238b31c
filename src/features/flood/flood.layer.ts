import type { LayerSpecification } from 'maplibre-gl';

export const WATERLOGGING_SOURCE = 'waterlogging';

/** Depth → colour of the waterlogging points (one table). */
export const WATERLOGGING_COLORS = { shallow: '#7cc4ff', medium: '#2b7bd6', deep: '#0b3d91', halo: '#ffffff' } as const;

/** Waterlogging points observed in rainfall events: circles sized and coloured by depth (cm). */
export function createWaterloggingLayers(): LayerSpecification[] {
  return [
    {
      id: 'waterlogging-points',
      type: 'circle',
      source: WATERLOGGING_SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['get', 'depthCm'], 0, 4, 20, 7, 50, 12],
        'circle-color': [
          'step',
          ['get', 'depthCm'],
          WATERLOGGING_COLORS.shallow,
          15,
          WATERLOGGING_COLORS.medium,
          30,
          WATERLOGGING_COLORS.deep,
        ],
        'circle-opacity': 0.85,
        'circle-stroke-color': WATERLOGGING_COLORS.halo,
        'circle-stroke-width': 1.5,
      },
    },
  ];
}
