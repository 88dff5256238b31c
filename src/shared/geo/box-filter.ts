import { booleanIntersects } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { BoundingBox, ZoneGeometry } from '../zones/zone';
import { geometryBounds } from './bounds';

/**
 * The one meaning of a `bbox` filter (the zones list, every export, the OGC API; docs/gis.md): a
 * zone matches when its exact shape shares a point with the box (edges included), as PostGIS
 * `ST_Intersects` and QGIS do. A zone whose bounding box meets the box but whose shape does not (a
 * box inside a polygon's hole, or in the bend of an L-shaped zone) does not match. The box does not
 * cross the antimeridian (the OGC API splits such a box in two).
 */
export function geometryMeetsBox(geometry: ZoneGeometry, box: BoundingBox): boolean {
  const [minX, minY, maxX, maxY] = geometryBounds(geometry);
  if (maxX < box.minLon || minX > box.maxLon || maxY < box.minLat || minY > box.maxLat) return false;
  // A point, or a shape whose bounds lie within the box, meets it without a closer look.
  if (geometry.type === 'Point') return true;
  if (minX >= box.minLon && maxX <= box.maxLon && minY >= box.minLat && maxY <= box.maxLat) return true;
  const polygon: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [box.minLon, box.minLat],
        [box.maxLon, box.minLat],
        [box.maxLon, box.maxLat],
        [box.minLon, box.maxLat],
        [box.minLon, box.minLat],
      ],
    ],
  };
  return booleanIntersects(polygon, geometry);
}
