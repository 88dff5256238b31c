import {
  area,
  booleanWithin,
  buffer,
  difference,
  featureCollection,
  lineSplit,
  union,
  booleanIntersects,
} from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';

/**
 * The planners' geometry verbs: pure functions on GeoJSON, each returning the new shapes or a
 * reason it cannot be done. The results still go through validateZoneGeometry before saving.
 */
export type OperationResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'line-does-not-cross' | 'not-adjacent' | 'hole-not-inside' | 'nothing-left' };

const asFeature = <G extends Polygon | MultiPolygon | LineString>(geometry: G): Feature<G> => ({
  type: 'Feature',
  properties: {},
  geometry,
});

/** Parts of a (multi)polygon, as single polygons. */
function parts(geometry: Polygon | MultiPolygon): Polygon[] {
  return geometry.type === 'Polygon'
    ? [geometry]
    : geometry.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }));
}

/** The width of the cut a split leaves between the parts (metres): invisible at any map scale. */
export const SPLIT_GAP_METERS = 0.05;

/** Split an area along a drawn line that crosses it from edge to edge; parts largest first. */
export function splitPolygon(polygon: Polygon, line: LineString): OperationResult<Polygon[]> {
  const outline = asFeature(polygon);
  const crossings = lineSplit(asFeature(line), outline as never).features.length;
  if (!booleanIntersects(asFeature(line), outline) || crossings < 2)
    return { ok: false, reason: 'line-does-not-cross' };
  const blade = buffer(asFeature(line), SPLIT_GAP_METERS / 2, { units: 'meters' });
  if (!blade) return { ok: false, reason: 'line-does-not-cross' };
  const rest = difference(featureCollection([outline, blade as Feature<Polygon>]));
  if (!rest) return { ok: false, reason: 'nothing-left' };
  const pieces = parts(rest.geometry).sort((a, b) => area(asFeature(b)) - area(asFeature(a)));
  return pieces.length < 2 ? { ok: false, reason: 'line-does-not-cross' } : { ok: true, value: pieces };
}

/** Merge two areas that touch or overlap into one; refused when they are apart. */
export function mergePolygons(a: Polygon, b: Polygon): OperationResult<Polygon> {
  // A hair of tolerance so that shared edges drawn by snapping count as touching.
  const grown = buffer(asFeature(b), 0.01, { units: 'meters' });
  if (!grown || !booleanIntersects(asFeature(a), grown)) return { ok: false, reason: 'not-adjacent' };
  const merged = union(featureCollection([asFeature(a), grown as Feature<Polygon>]));
  if (!merged || merged.geometry.type !== 'Polygon') return { ok: false, reason: 'not-adjacent' };
  return { ok: true, value: merged.geometry };
}

/** Cut a hole (e.g. a pond or a building left out) drawn inside an area. */
export function cutHole(polygon: Polygon, hole: Polygon): OperationResult<Polygon> {
  if (!booleanWithin(asFeature(hole), asFeature(polygon))) return { ok: false, reason: 'hole-not-inside' };
  const rest = difference(featureCollection([asFeature(polygon), asFeature(hole)]));
  if (!rest || rest.geometry.type !== 'Polygon') return { ok: false, reason: 'nothing-left' };
  return { ok: true, value: rest.geometry };
}
