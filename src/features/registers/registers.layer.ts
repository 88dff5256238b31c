import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { RegisterKind } from '../../shared/registers/kinds';
import type { RegisterCollection } from '../../shared/registers/register';

/** A colour per register, in the order of REGISTER_KINDS (legend swatch and map layer). */
const COLORS = ['#8d6e63', '#ef6c00', '#f9a825', '#ad1457', '#6a1b9a', '#5d4037', '#0277bd', '#2e7d32', '#00695c'];

export const registerColor = (index: number) => COLORS[index % COLORS.length]!;
export const registerSource = (slug: string) => `registers-${slug}`;
/** The layer ids of a kind (what a click on the map is matched against). */
export const registerLayerIds = (kind: Pick<RegisterKind, 'slug' | 'geometry'>) =>
  kind.geometry === 'Point'
    ? [`registers-${kind.slug}-point`]
    : kind.geometry === 'LineString'
      ? [`registers-${kind.slug}-line`]
      : [`registers-${kind.slug}-fill`, `registers-${kind.slug}-line`];

/** A kind's objects as the map source: the id and name only (the popup reads the object from the query). */
export function registerSourceData(collection: RegisterCollection): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => ({
      type: 'Feature',
      id: feature.id,
      geometry: feature.geometry,
      properties: { id: feature.id, name: feature.properties.name },
    })),
  };
}

/** The map layers of a kind: circles for points, a tinted fill with an outline for areas, a line for lines. */
export function createRegisterLayers(
  kind: Pick<RegisterKind, 'slug' | 'geometry'>,
  color: string,
): LayerSpecification[] {
  const source = registerSource(kind.slug);
  if (kind.geometry === 'Point') {
    return [
      {
        id: `registers-${kind.slug}-point`,
        type: 'circle',
        source,
        paint: {
          'circle-radius': 6,
          'circle-color': color,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ];
  }
  const line: LayerSpecification = {
    id: `registers-${kind.slug}-line`,
    type: 'line',
    source,
    paint: { 'line-color': color, 'line-width': 2, 'line-dasharray': [2, 1] },
  };
  if (kind.geometry === 'LineString') return [line];
  return [
    { id: `registers-${kind.slug}-fill`, type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': 0.25 } },
    line,
  ];
}
