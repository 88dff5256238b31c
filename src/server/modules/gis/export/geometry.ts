import type { ZoneGeometry } from '../../../../shared/zones/zone';

type Position = [number, number];
type Ring = Position[];

/** Coordinates are written with at most this many decimals (≈ 1 cm at Jinxi; RFC 7946 §11.2, docs/quality.md R7). */
export const COORDINATE_DECIMALS = 7;
const SCALE = 10 ** COORDINATE_DECIMALS;

/** A coordinate rounded to 7 decimals (−0 becomes 0, so it prints as "0"). */
export const roundCoordinate = (value: number): number => Math.round(value * SCALE) / SCALE + 0;

const roundPosition = (position: readonly number[]): Position => [
  roundCoordinate(position[0]!),
  roundCoordinate(position[1]!),
];

/** Twice the signed area of a ring in degrees² (shoelace): positive when counter-clockwise. */
export function signedArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let index = 0; index + 1 < ring.length; index += 1) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[index + 1]!;
    sum += x1! * y2! - x2! * y1!;
  }
  return sum;
}

/** The ring turned to the wanted direction (a copy; a degenerate ring of zero area is left as it is). */
function orient(ring: Ring, counterClockwise: boolean): Ring {
  const area = signedArea(ring);
  if (area === 0 || area > 0 === counterClockwise) return ring;
  return [...ring].reverse();
}

/** Polygon rings per RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise. */
const rewindPolygon = (rings: Ring[]): Ring[] => rings.map((ring, index) => orient(ring, index === 0));

/**
 * A zone's geometry as every export writes it: WGS 84 positions rounded to 7 decimals (2-D), polygon
 * exteriors counter-clockwise and holes clockwise (RFC 7946). Rounding happens before the winding is
 * judged, so the written coordinates are the ones that have the right orientation.
 */
export function normalizeGeometry(geometry: ZoneGeometry): ZoneGeometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: roundPosition(geometry.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map(roundPosition) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geometry.coordinates.map((line) => line.map(roundPosition)) };
    case 'Polygon':
      return {
        type: 'Polygon',
        coordinates: rewindPolygon(geometry.coordinates.map((ring) => ring.map(roundPosition))),
      };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map((polygon) =>
          rewindPolygon(polygon.map((ring) => ring.map(roundPosition))),
        ),
      };
  }
}

/** The polygons of a polygonal geometry, the lines of a linear one (one part each for the single types). */
export const polygonsOf = (geometry: Extract<ZoneGeometry, { type: 'Polygon' | 'MultiPolygon' }>): Ring[][] =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
export const linesOf = (geometry: Extract<ZoneGeometry, { type: 'LineString' | 'MultiLineString' }>): Ring[] =>
  geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;

/** Every position of a geometry, for bounding boxes. */
export function positionsOf(geometry: ZoneGeometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
    case 'MultiLineString':
      return linesOf(geometry).flat();
    case 'Polygon':
    case 'MultiPolygon':
      return polygonsOf(geometry).flat(2);
  }
}

/** [minLon, minLat, maxLon, maxLat] of some geometries; null when there are none. */
export function boundsOf(geometries: readonly ZoneGeometry[]): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const geometry of geometries) {
    for (const [x, y] of positionsOf(geometry)) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}

/** The geometry kind a Shapefile or a style groups it under. */
export type GeometryKind = 'polygon' | 'line' | 'point';
export function geometryKind(geometry: ZoneGeometry): GeometryKind {
  if (geometry.type === 'Point') return 'point';
  return geometry.type === 'LineString' || geometry.type === 'MultiLineString' ? 'line' : 'polygon';
}
