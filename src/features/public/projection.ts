import type { ZoneGeometry } from '../../shared/zones/zone';

/** A box in WGS 84 degrees: [minLon, minLat, maxLon, maxLat]. */
export type Box = [number, number, number, number];

/** The box around every corner of these geometries (null without any). */
export function boxOf(geometries: readonly ZoneGeometry[]): Box | null {
  let box: Box | null = null;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [lon, lat] = value as [number, number];
      box = box
        ? [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)]
        : [lon, lat, lon, lat];
      return;
    }
    for (const inner of value) visit(inner);
  };
  for (const geometry of geometries) visit(geometry.coordinates);
  return box;
}

export interface Projection {
  width: number;
  height: number;
  toXY(lon: number, lat: number): [number, number];
  toLonLat(x: number, y: number): { lon: number; lat: number };
}

/**
 * The public map's drawing: the box fitted into `width` (the height follows), metres the same both ways (longitude
 * scaled by the cosine of the latitude), with a margin. Pure, so a tap on the drawing maps back to a place.
 */
export function fitProjection(box: Box, width: number, margin = 12): Projection {
  const [minLon, minLat, maxLon, maxLat] = box;
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * cos, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = (width - 2 * margin) / spanX;
  const height = Math.round(spanY * scale + 2 * margin);
  return {
    width,
    height,
    toXY: (lon, lat) => [margin + (lon - minLon) * cos * scale, margin + (maxLat - lat) * scale],
    toLonLat: (x, y) => ({ lon: minLon + (x - margin) / scale / cos, lat: maxLat - (y - margin) / scale }),
  };
}

/** An SVG path of a zone's shape (points as small squares are drawn elsewhere). */
export function svgPath(geometry: ZoneGeometry, projection: Projection): string {
  const ring = (positions: readonly (readonly number[])[], close: boolean) =>
    positions
      .map(([lon, lat], index) => {
        const [x, y] = projection.toXY(lon!, lat!);
        return `${index ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
      })
      .join('') + (close ? 'Z' : '');
  switch (geometry.type) {
    case 'Polygon':
      return geometry.coordinates.map((positions) => ring(positions, true)).join('');
    case 'MultiPolygon':
      return geometry.coordinates.flatMap((polygon) => polygon.map((positions) => ring(positions, true))).join('');
    case 'LineString':
      return ring(geometry.coordinates, false);
    case 'MultiLineString':
      return geometry.coordinates.map((positions) => ring(positions, false)).join('');
    default:
      return '';
  }
}
