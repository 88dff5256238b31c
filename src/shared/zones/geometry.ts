import {
  area,
  booleanIntersects,
  booleanPointInPolygon,
  featureCollection,
  intersect,
  length,
  rewind,
} from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { ZoneGeometry } from './zone';
import { pointInRing } from '../geo/spatial-join';
import { geometryBounds } from '../geo/bounds';

/** Why a geometry was refused; stable codes the UI translates (terra-draw style `{valid, reason}`). */
export const GEOMETRY_REASONS = {
  badCoordinate: 'bad-coordinate',
  tooFewPositions: 'too-few-positions',
  notClosed: 'not-closed',
  selfIntersection: 'self-intersection',
  tooSmall: 'too-small',
  sliver: 'sliver',
  holeOutsideShell: 'hole-outside-shell',
  outsideTown: 'outside-town',
  tooManyVertices: 'too-many-vertices',
  tooShort: 'too-short',
  overlappingParts: 'overlapping-parts',
  unsupportedGeometry: 'unsupported-geometry',
} as const;
export type GeometryReason = (typeof GEOMETRY_REASONS)[keyof typeof GEOMETRY_REASONS];

export type GeometryCheck =
  | { valid: true; geometry: ZoneGeometry; areaSquareMeters: number; lengthMeters: number }
  | { valid: false; reason: GeometryReason; detail: string };

/** The most vertices one zone may have (a hand-drawn or imported zone has far fewer). */
export const MAX_VERTICES = 20_000;
/** Smallest area of a zone: a market stall, not a drawing slip. */
export const MIN_AREA_SQUARE_METERS = 10;
/** Smallest line: 2 m. */
export const MIN_LENGTH_METERS = 2;
/** Area / perimeter² below this is a sliver (a circle is 1/(4π) ≈ 0.08; a 1 × 100 m strip ≈ 0.0025). */
export const MIN_COMPACTNESS = 0.001;

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

function positionProblem(position: Position): string | null {
  if (!Array.isArray(position) || position.length !== 2) return 'a position must be [longitude, latitude]';
  const [lon, lat] = position as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'coordinates must be finite numbers';
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside −180…180`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside −90…90`;
  return null;
}

/** Round to 7 decimals (≈ 1 cm) and drop consecutive repeated positions. */
function cleanLine(positions: Position[]): Position[] {
  const out: Position[] = [];
  for (const position of positions) {
    const rounded = [round7(position[0]!), round7(position[1]!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== rounded[0] || last[1] !== rounded[1]) out.push(rounded);
  }
  return out;
}

function perimeterMeters(ring: Position[]): number {
  return length(
    { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: ring } },
    { units: 'meters' },
  );
}

/** Do segments a–b and c–d meet (ends included)? Parallel ones never do, as in turf `kinks`. */
function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number) {
  const denominator = (dy - cy) * (bx - ax) - (dx - cx) * (by - ay);
  if (denominator === 0) return false;
  const along1 = ((dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)) / denominator;
  const along2 = ((bx - ax) * (ay - cy) - (by - ay) * (ax - cx)) / denominator;
  return along1 >= 0 && along1 <= 1 && along2 >= 0 && along2 <= 1;
}

/**
 * Does any edge of the rings cross or touch another one (neighbours in one ring excepted)? The same
 * answer as turf `kinks` for one ring, but the candidate pairs come from a spatial index of the edges'
 * boxes (flatbush), so the time grows with n log n, not n²: a 20,000-vertex ring takes milliseconds
 * instead of seconds (docs/quality.md P10).
 */
export function ringsSelfIntersect(rings: Position[][]): boolean {
  const total = rings.reduce((sum, ring) => sum + Math.max(0, ring.length - 1), 0);
  if (total < 2) return false;
  // Per edge: its ring, its place in the ring, the ring's last edge (−1 when the ring is open), its ends.
  const ringOf = new Int32Array(total);
  const place = new Int32Array(total);
  const lastOf = new Int32Array(total);
  const ends = new Float64Array(total * 4);
  const tree = new Flatbush(total);
  let edge = 0;
  rings.forEach((ring, ringIndex) => {
    const closed =
      ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
    for (let index = 0; index < ring.length - 1; index += 1, edge += 1) {
      const ax = ring[index]![0]!;
      const ay = ring[index]![1]!;
      const bx = ring[index + 1]![0]!;
      const by = ring[index + 1]![1]!;
      ringOf[edge] = ringIndex;
      place[edge] = index;
      lastOf[edge] = closed ? ring.length - 2 : -1;
      ends.set([ax, ay, bx, by], edge * 4);
      tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
  });
  tree.finish();
  let found = false;
  for (let i = 0; i < total && !found; i += 1) {
    const ax = ends[i * 4]!;
    const ay = ends[i * 4 + 1]!;
    const bx = ends[i * 4 + 2]!;
    const by = ends[i * 4 + 3]!;
    tree.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (j) => {
      if (found || j <= i) return false;
      if (ringOf[j] === ringOf[i]) {
        const gap = place[j]! - place[i]!;
        // Neighbours share a corner; so do the first and the last edge of a closed ring.
        if (gap === 1 || gap === lastOf[i]) return false;
      }
      found = segmentsMeet(ax, ay, bx, by, ends[j * 4]!, ends[j * 4 + 1]!, ends[j * 4 + 2]!, ends[j * 4 + 3]!);
      return false;
    });
  }
  return found;
}

/** Has the (closed) ring at least 3 distinct corners? Without building a string per corner. */
function hasThreeCorners(ring: Position[]): boolean {
  const first = ring[0]!;
  let second: Position | null = null;
  for (let index = 1; index < ring.length - 1; index += 1) {
    const position = ring[index]!;
    if (position[0] === first[0] && position[1] === first[1]) continue;
    if (!second) second = position;
    else if (position[0] !== second[0] || position[1] !== second[1]) return true;
  }
  return false;
}

function checkPolygon(rings: Position[][]): { reason: GeometryReason; detail: string } | null {
  if (!rings.length) return { reason: 'too-few-positions', detail: 'a polygon needs an outer ring' };
  for (const ring of rings) {
    if (ring.length < 4) return { reason: 'too-few-positions', detail: 'a ring needs at least 3 distinct corners' };
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return { reason: 'not-closed', detail: 'a ring must end where it starts' };
    }
    if (!hasThreeCorners(ring)) {
      return { reason: 'too-few-positions', detail: 'a ring needs at least 3 distinct corners' };
    }
  }
  const polygon: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: rings },
  };
  if (ringsSelfIntersect(rings)) {
    return { reason: 'self-intersection', detail: 'the outline crosses itself' };
  }
  const shell: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: [rings[0]!] },
  };
  for (const hole of rings.slice(1)) {
    if (!hole.every((position) => booleanPointInPolygon(position, shell, { ignoreBoundary: false }))) {
      return { reason: 'hole-outside-shell', detail: 'a hole must lie inside the outer ring' };
    }
  }
  const squareMeters = area(polygon);
  if (squareMeters < MIN_AREA_SQUARE_METERS) {
    return {
      reason: 'too-small',
      detail: `the area is ${squareMeters.toFixed(1)} m², under ${MIN_AREA_SQUARE_METERS} m²`,
    };
  }
  const perimeter = perimeterMeters(rings[0]!);
  if (squareMeters / (perimeter * perimeter) < MIN_COMPACTNESS) {
    return { reason: 'sliver', detail: 'the area is a thin sliver: check for a stray corner' };
  }
  return null;
}

/**
 * Validate and normalise a zone geometry (R7): finite WGS 84 coordinates, closed rings with enough
 * corners, no self-intersection, holes inside the shell, no zero-area or sliver zones, inside the
 * town outline when one is given. The result is rounded to 7 decimals, without repeated
 * consecutive positions, exterior rings counter-clockwise (RFC 7946). One function for the drawing
 * tool and the server.
 */
export function validateZoneGeometry(
  geometry: ZoneGeometry,
  options: { townOutline?: Feature<Polygon | MultiPolygon> | null } = {},
): GeometryCheck {
  const shape = shapeProblem(geometry);
  if (shape) return { valid: false, ...shape };
  const all: Position[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') all.push(value as Position);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  collect(geometry.coordinates);
  if (all.length > MAX_VERTICES) {
    return { valid: false, reason: 'too-many-vertices', detail: `${all.length} vertices, more than ${MAX_VERTICES}` };
  }
  for (const position of all) {
    const problem = positionProblem(position);
    if (problem) return { valid: false, reason: 'bad-coordinate', detail: problem };
  }

  let normalised: ZoneGeometry;
  switch (geometry.type) {
    case 'Point':
      normalised = { type: 'Point', coordinates: [round7(geometry.coordinates[0]), round7(geometry.coordinates[1])] };
      break;
    case 'LineString':
    case 'MultiLineString': {
      const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
      const cleaned = lines.map(cleanLine);
      if (!cleaned.length || cleaned.some((line) => line.length < 2)) {
        return { valid: false, reason: 'too-few-positions', detail: 'a line needs at least 2 distinct positions' };
      }
      normalised =
        geometry.type === 'LineString'
          ? { type: 'LineString', coordinates: cleaned[0] as [number, number][] }
          : { type: 'MultiLineString', coordinates: cleaned as [number, number][][] };
      break;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      if (!polygons.length) return { valid: false, reason: 'too-few-positions', detail: 'no polygon given' };
      const cleaned = polygons.map((rings) => rings.map(cleanLine));
      for (const rings of cleaned) {
        const problem = checkPolygon(rings);
        if (problem) return { valid: false, ...problem };
      }
      const overlapping = overlappingParts(cleaned);
      if (overlapping) {
        return {
          valid: false,
          reason: 'overlapping-parts',
          detail: `parts ${overlapping[0] + 1} and ${overlapping[1] + 1} of the area overlap: merge them or cut one`,
        };
      }
      const raw: ZoneGeometry =
        geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: cleaned[0] as [number, number][][] }
          : { type: 'MultiPolygon', coordinates: cleaned as [number, number][][][] };
      // `raw` is this function's own copy: turned in place, not copied again.
      normalised = rewind(raw as Polygon | MultiPolygon, { reverse: false, mutate: true }) as ZoneGeometry;
      break;
    }
  }

  const feature = { type: 'Feature' as const, properties: {}, geometry: normalised };
  const lengthMeters =
    normalised.type === 'LineString' || normalised.type === 'MultiLineString'
      ? length(feature, { units: 'meters' })
      : 0;
  if ((normalised.type === 'LineString' || normalised.type === 'MultiLineString') && lengthMeters < MIN_LENGTH_METERS) {
    return {
      valid: false,
      reason: 'too-short',
      detail: `the line is ${lengthMeters.toFixed(1)} m long, under ${MIN_LENGTH_METERS} m`,
    };
  }
  if (options.townOutline && !insideTown(normalised, options.townOutline)) {
    return { valid: false, reason: 'outside-town', detail: 'the zone lies (partly) outside the town outline' };
  }
  const areaSquareMeters = normalised.type === 'Polygon' || normalised.type === 'MultiPolygon' ? area(feature) : 0;
  return { valid: true, geometry: normalised, areaSquareMeters, lengthMeters };
}

const ZONE_TYPES = new Set(['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
/** How deep the coordinates of each zone type nest (a Point's are a position: 1). */
const DEPTH: Record<string, number> = { Point: 1, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };

/**
 * What is wrong with the shape of a value that should be a zone geometry (it may come from anywhere:
 * JSON, a file, an old row): null, another type (GeometryCollection, MultiPoint …), coordinates that
 * are not nested arrays of the type's depth ending in number pairs. Null when the shape is right.
 */
function shapeProblem(geometry: unknown): { reason: GeometryReason; detail: string } | null {
  const type = (geometry as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !ZONE_TYPES.has(type)) {
    return {
      reason: 'unsupported-geometry',
      detail:
        geometry === null || geometry === undefined
          ? 'the feature has no geometry'
          : `a ${String(type).slice(0, 40)} cannot be a zone: a zone is a point, a line (or lines) or an area (or areas)`,
    };
  }
  const ok = (value: unknown, depth: number): boolean => {
    if (!Array.isArray(value)) return false;
    if (depth === 1) return value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
    return value.every((item) => ok(item, depth - 1));
  };
  if (!ok((geometry as { coordinates?: unknown }).coordinates, DEPTH[type]!)) {
    return { reason: 'bad-coordinate', detail: `the ${type} coordinates are not arrays of [longitude, latitude]` };
  }
  return null;
}

/** The town outline prepared once: its area for point tests, its edges in a spatial index. */
interface TownShape {
  /** Each part's outer ring and holes, flat (x0, y0, x1, y1 …). */
  parts: Float64Array[][];
  edges: Flatbush;
  ends: Position[];
}
const townShapes = new WeakMap<object, TownShape>();

function townShape(town: Feature<Polygon | MultiPolygon>): TownShape {
  const known = townShapes.get(town);
  if (known) return known;
  const rings = town.geometry.type === 'Polygon' ? town.geometry.coordinates : town.geometry.coordinates.flat();
  const ends: Position[] = [];
  for (const ring of rings)
    for (let index = 0; index < ring.length - 1; index += 1) ends.push(ring[index]!, ring[index + 1]!);
  const edges = new Flatbush(Math.max(1, ends.length / 2));
  for (let index = 0; index < ends.length; index += 2) {
    const [ax, ay] = ends[index]! as [number, number];
    const [bx, by] = ends[index + 1]! as [number, number];
    edges.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (!ends.length) edges.add(0, 0, 0, 0);
  edges.finish();
  const polygons = town.geometry.type === 'Polygon' ? [town.geometry.coordinates] : town.geometry.coordinates;
  const parts = polygons.map((part) => part.map((ring) => new Float64Array(ring.flat())));
  const shape = { parts, edges, ends };
  townShapes.set(town, shape);
  return shape;
}

/** Do a–b and c–d cross at a point inside both (not at an end, not along each other)? */
function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const denominator = (d[1]! - c[1]!) * (b[0]! - a[0]!) - (d[0]! - c[0]!) * (b[1]! - a[1]!);
  if (denominator === 0) return false;
  const y = a[1]! - c[1]!;
  const x = a[0]! - c[0]!;
  const along1 = ((d[0]! - c[0]!) * y - (d[1]! - c[1]!) * x) / denominator;
  const along2 = ((b[0]! - a[0]!) * y - (b[1]! - a[1]!) * x) / denominator;
  return along1 > 0 && along1 < 1 && along2 > 0 && along2 < 1;
}

/**
 * Is the zone inside the town outline (its boundary included)? Every corner and the middle of every
 * edge inside, and no edge crossing the outline. Linear in the zone's corners: the outline's edges
 * are found through a spatial index (docs/quality.md P10).
 */
function insideTown(geometry: ZoneGeometry, town: Feature<Polygon | MultiPolygon>): boolean {
  const shape = townShape(town);
  // On the outline counts as inside; in a hole (not on its edge) as outside.
  const inside = (position: Position) =>
    shape.parts.some(
      ([outer, ...holes]) =>
        pointInRing(outer!, position[0]!, position[1]!) !== 0 &&
        holes.every((hole) => pointInRing(hole, position[0]!, position[1]!) !== 1),
    );
  if (geometry.type === 'Point') return inside(geometry.coordinates);
  const lines: Position[][] =
    geometry.type === 'LineString'
      ? [geometry.coordinates]
      : geometry.type === 'MultiLineString' || geometry.type === 'Polygon'
        ? geometry.coordinates
        : geometry.coordinates.flat();
  for (const line of lines) {
    if (!line.every(inside)) return false;
    for (let index = 0; index < line.length - 1; index += 1) {
      const a = line[index]!;
      const b = line[index + 1]!;
      if (!inside([(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2])) return false;
      const crossing = shape.edges.search(
        Math.min(a[0]!, b[0]!),
        Math.min(a[1]!, b[1]!),
        Math.max(a[0]!, b[0]!),
        Math.max(a[1]!, b[1]!),
        (edge) => edge * 2 < shape.ends.length && segmentsCross(a, b, shape.ends[edge * 2]!, shape.ends[edge * 2 + 1]!),
      );
      if (crossing.length) return false;
    }
  }
  return true;
}

/** The first two parts of a multi-polygon that share more than the overlap tolerance, or null. */
function overlappingParts(polygons: Position[][][]): [number, number] | null {
  if (polygons.length < 2) return null;
  const boxes = polygons.map((rings) => geometryBounds({ type: 'Polygon', coordinates: [rings[0]!] } as ZoneGeometry));
  for (let i = 0; i < polygons.length; i += 1) {
    for (let j = i + 1; j < polygons.length; j += 1) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1]) continue;
      const pair = [polygons[i]!, polygons[j]!].map((coordinates): Feature<Polygon> => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates },
      }));
      const shared = intersect(featureCollection(pair));
      if (shared !== null && area(shared) > OVERLAP_TOLERANCE_SQUARE_METERS) return [i, j];
    }
  }
  return null;
}

/** Shared area under this many m² is a shared edge drawn slightly off, not an overlap. */
export const OVERLAP_TOLERANCE_SQUARE_METERS = 1;

/**
 * Do two zones overlap? Areas overlap when they share more than a square metre (touching along an
 * edge is fine); lines and points when they intersect at all.
 */
export function zonesOverlap(a: ZoneGeometry, b: ZoneGeometry): boolean {
  // Boxes apart: no overlap, without looking at a single edge.
  const boxA = geometryBounds(a);
  const boxB = geometryBounds(b);
  if (boxA[0] > boxB[2] || boxB[0] > boxA[2] || boxA[1] > boxB[3] || boxB[1] > boxA[3]) return false;
  const fa = { type: 'Feature' as const, properties: {}, geometry: a };
  const fb = { type: 'Feature' as const, properties: {}, geometry: b };
  const isArea = (geometry: ZoneGeometry) => geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
  if (!isArea(a) || !isArea(b)) return booleanIntersects(fa, fb);
  // Two areas: the shared area decides (one clipping pass, no separate intersection test first).
  const shared = intersect(featureCollection([fa, fb] as Feature<Polygon | MultiPolygon>[]));
  return shared !== null && area(shared) > OVERLAP_TOLERANCE_SQUARE_METERS;
}
