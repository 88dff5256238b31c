import {
  area,
  booleanIntersects,
  booleanPointInPolygon,
  booleanWithin,
  featureCollection,
  intersect,
  kinks,
  length,
  rewind,
} from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { ZoneGeometry } from './zone';
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

function checkPolygon(rings: Position[][]): { reason: GeometryReason; detail: string } | null {
  if (!rings.length) return { reason: 'too-few-positions', detail: 'a polygon needs an outer ring' };
  for (const ring of rings) {
    if (ring.length < 4) return { reason: 'too-few-positions', detail: 'a ring needs at least 3 distinct corners' };
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return { reason: 'not-closed', detail: 'a ring must end where it starts' };
    }
    if (new Set(ring.slice(0, -1).map((position) => position.join(','))).size < 3) {
      return { reason: 'too-few-positions', detail: 'a ring needs at least 3 distinct corners' };
    }
  }
  const polygon: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: rings },
  };
  if (kinks(polygon).features.length) {
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
      normalised = rewind(raw as Polygon | MultiPolygon, { reverse: false }) as ZoneGeometry;
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
  const town = options.townOutline;
  if (town) {
    if (!insideTown(normalised, town)) {
      return { valid: false, reason: 'outside-town', detail: 'the zone lies (partly) outside the town outline' };
    }
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

/** The single parts of a geometry: a point, each line, each polygon. */
function singleParts(geometry: ZoneGeometry): (Point | LineString | Polygon)[] {
  switch (geometry.type) {
    case 'MultiLineString':
      return geometry.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPolygon':
      return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    default:
      return [geometry];
  }
}

/**
 * Is every part of the zone inside the town outline? Each part (a point, a line, a polygon) must lie
 * within one polygon of the outline or, for an outline of several polygons, have every vertex inside it.
 */
function insideTown(geometry: ZoneGeometry, town: Feature<Polygon | MultiPolygon>): boolean {
  if (geometry.type === 'Point') return booleanPointInPolygon(geometry.coordinates, town);
  const townPolygons: Polygon[] =
    town.geometry.type === 'Polygon'
      ? [town.geometry]
      : town.geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  return singleParts(geometry).every(
    (part) =>
      townPolygons.some((polygon) => booleanWithin(part, polygon)) ||
      (townPolygons.length > 1 && allPositionsInside(part, town)),
  );
}

function allPositionsInside(part: Point | LineString | Polygon, town: Feature<Polygon | MultiPolygon>): boolean {
  const positions: Position[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') positions.push(value as Position);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  collect(part.coordinates);
  return positions.every((position) => booleanPointInPolygon(position, town));
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
  const fa = { type: 'Feature' as const, properties: {}, geometry: a };
  const fb = { type: 'Feature' as const, properties: {}, geometry: b };
  if (!booleanIntersects(fa, fb)) return false;
  const isArea = (geometry: ZoneGeometry) => geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
  if (!isArea(a) || !isArea(b)) return true;
  const shared = intersect(featureCollection([fa, fb] as Feature<Polygon | MultiPolygon>[]));
  return shared !== null && area(shared) > OVERLAP_TOLERANCE_SQUARE_METERS;
}
