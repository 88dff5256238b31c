import type { LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { Photo } from '../../shared/photos/photo';

export const PHOTOS_SOURCE = 'photos';

/** Phase → colour of photo markers (one table, also used by the panel). */
export const PHOTO_COLORS = { before: '#c2410c', progress: '#7c3aed', after: '#15803d', halo: '#ffffff' } as const;

const CONE_METERS = 18;
const CONE_HALF_ANGLE = 25;
const METERS_PER_DEGREE = 111_320;

/** A small sector in front of the camera: where it looked (bearing in degrees from north). */
export function viewCone(lon: number, lat: number, bearing: number, meters = CONE_METERS): Position[] {
  const ring: Position[] = [[lon, lat]];
  for (let step = -CONE_HALF_ANGLE; step <= CONE_HALF_ANGLE; step += 5) {
    const angle = ((bearing + step) * Math.PI) / 180;
    ring.push([
      lon + (meters * Math.sin(angle)) / (METERS_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
      lat + (meters * Math.cos(angle)) / METERS_PER_DEGREE,
    ]);
  }
  ring.push([lon, lat]);
  return ring;
}

/** Photos with a position as points, and a view cone where the bearing is known. */
export function photoFeatures(photos: readonly Photo[], highlightTaskId: string | null): FeatureCollection {
  const features: Feature[] = [];
  for (const photo of photos) {
    if (!photo.position) continue;
    const properties = {
      photoId: photo.id,
      phase: photo.phase,
      highlight: highlightTaskId !== null && photo.taskId === highlightTaskId,
    };
    if (photo.bearing !== null) {
      features.push({
        type: 'Feature',
        properties: { ...properties, kind: 'cone' },
        geometry: { type: 'Polygon', coordinates: [viewCone(photo.position.lon, photo.position.lat, photo.bearing)] },
      });
    }
    features.push({
      type: 'Feature',
      properties: { ...properties, kind: 'point' },
      geometry: { type: 'Point', coordinates: [photo.position.lon, photo.position.lat] },
    });
  }
  return { type: 'FeatureCollection', features };
}

const phaseColor = [
  'match',
  ['get', 'phase'],
  'before',
  PHOTO_COLORS.before,
  'after',
  PHOTO_COLORS.after,
  PHOTO_COLORS.progress,
] as const;

export function createPhotoLayers(): LayerSpecification[] {
  return [
    {
      id: 'photo-cones',
      type: 'fill',
      source: PHOTOS_SOURCE,
      filter: ['==', ['get', 'kind'], 'cone'],
      paint: {
        'fill-color': phaseColor as never,
        'fill-opacity': ['case', ['get', 'highlight'], 0.45, 0.2],
      },
    },
    {
      id: 'photo-points',
      type: 'circle',
      source: PHOTOS_SOURCE,
      filter: ['==', ['get', 'kind'], 'point'],
      paint: {
        'circle-radius': ['case', ['get', 'highlight'], 7, 5],
        'circle-color': phaseColor as never,
        'circle-stroke-color': PHOTO_COLORS.halo,
        'circle-stroke-width': 2,
      },
    },
  ];
}
