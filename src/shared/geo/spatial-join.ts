import Flatbush from 'flatbush';

type Position = number[];
export type JoinGeometry =
  { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface PolygonIndex<Id> {
  /** How many polygons the index holds. */
  readonly size: number;
  /**
   * The polygon a point falls in, or null. Boundary rule: a point ON an edge or vertex (of the outer ring or of a
   * hole) counts as inside, as PostGIS ST_Intersects. Where polygons overlap the SMALLEST (by planar area in
   * degrees², holes subtracted) wins; equal areas: the one given first.
   */
  locate(lon: number, lat: number): Id | null;
  /** Every polygon containing the point (same boundary rule), in the order given. */
  locateAll(lon: number, lat: number): Id[];
  /** `locate` for many points: lon,lat interleaved → the index (into the polygons given) per point, or -1. */
  joinPoints(coords: Float64Array | readonly number[]): Int32Array;
}

/** One outer ring with its holes, flattened (x0,y0,x1,y1,… without the closing repeat). */
interface Part {
  polygon: number;
  outer: Float64Array;
  holes: Float64Array[];
}

function flatRing(ring: Position[]): Float64Array {
  let n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) n -= 1;
  const flat = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    flat[i * 2] = ring[i]![0]!;
    flat[i * 2 + 1] = ring[i]![1]!;
  }
  return flat;
}

function ringArea(ring: Float64Array): number {
  let sum = 0;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) sum += ring[j * 2]! * ring[i * 2 + 1]! - ring[i * 2]! * ring[j * 2 + 1]!;
  return Math.abs(sum) / 2;
}

const OUTSIDE = 0;
const INSIDE = 1;
const ON_BOUNDARY = 2;

/** Where a point is relative to a ring: inside, outside or exactly on an edge/vertex (exact arithmetic test). */
export function pointInRing(ring: Float64Array, x: number, y: number): 0 | 1 | 2 {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[j * 2]!;
    const ay = ring[j * 2 + 1]!;
    const bx = ring[i * 2]!;
    const by = ring[i * 2 + 1]!;
    if (
      x >= Math.min(ax, bx) &&
      x <= Math.max(ax, bx) &&
      y >= Math.min(ay, by) &&
      y <= Math.max(ay, by) &&
      (bx - ax) * (y - ay) - (by - ay) * (x - ax) === 0
    ) {
      return ON_BOUNDARY;
    }
    if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
  }
  return inside ? INSIDE : OUTSIDE;
}

function partContains(part: Part, x: number, y: number): boolean {
  const outer = pointInRing(part.outer, x, y);
  if (outer === OUTSIDE) return false;
  if (outer === ON_BOUNDARY) return true;
  for (const hole of part.holes) if (pointInRing(hole, x, y) === INSIDE) return false;
  return true;
}

/**
 * A point-in-polygon index: flatbush (a packed static R-tree) over the bounding box of every polygon part, then
 * the exact ray-crossing test with holes on the candidates. Build once, query many times.
 */
export function createPolygonIndex<Id>(polygons: readonly { id: Id; geometry: JoinGeometry }[]): PolygonIndex<Id> {
  const parts: Part[] = [];
  const areas = new Float64Array(polygons.length);
  polygons.forEach((polygon, index) => {
    const rings = polygon.geometry.type === 'Polygon' ? [polygon.geometry.coordinates] : polygon.geometry.coordinates;
    for (const rawRings of rings) {
      if (rawRings.length === 0 || rawRings[0]!.length === 0) continue;
      const [outer, ...holes] = rawRings.map(flatRing);
      parts.push({ polygon: index, outer: outer!, holes });
      areas[index]! += ringArea(outer!) - holes.reduce((sum, hole) => sum + ringArea(hole), 0);
    }
  });
  const tree = parts.length > 0 ? new Flatbush(parts.length) : null;
  for (const part of parts) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < part.outer.length; i += 2) {
      const px = part.outer[i]!;
      const py = part.outer[i + 1]!;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    tree!.add(minX, minY, maxX, maxY);
  }
  tree?.finish();

  /** Index of the winning polygon (smallest area, then first given) or -1. */
  function locateIndex(x: number, y: number): number {
    if (!tree || !Number.isFinite(x) || !Number.isFinite(y)) return -1;
    let best = -1;
    for (const candidate of tree.search(x, y, x, y)) {
      const part = parts[candidate]!;
      const index = part.polygon;
      if (best !== -1 && (areas[index]! > areas[best]! || (areas[index] === areas[best] && index > best))) continue;
      if (partContains(part, x, y)) best = index;
    }
    return best;
  }

  return {
    size: polygons.length,
    locate(lon, lat) {
      const index = locateIndex(lon, lat);
      return index === -1 ? null : polygons[index]!.id;
    },
    locateAll(lon, lat) {
      if (!tree || !Number.isFinite(lon) || !Number.isFinite(lat)) return [];
      const hits = new Set<number>();
      for (const candidate of tree.search(lon, lat, lon, lat)) {
        const part = parts[candidate]!;
        if (!hits.has(part.polygon) && partContains(part, lon, lat)) hits.add(part.polygon);
      }
      return [...hits].sort((a, b) => a - b).map((index) => polygons[index]!.id);
    },
    joinPoints(coords) {
      const out = new Int32Array(Math.floor(coords.length / 2));
      for (let i = 0; i < out.length; i++) out[i] = locateIndex(coords[i * 2]!, coords[i * 2 + 1]!);
      return out;
    },
  };
}
