import {
  area,
  booleanWithin,
  buffer,
  difference,
  featureCollection,
  union,
  booleanIntersects,
  booleanPointInPolygon,
} from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * The planners' geometry verbs: pure functions on GeoJSON, each returning the new shapes or a
 * reason it cannot be done. The results still go through validateZoneGeometry before saving.
 */
export type OperationResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: 'line-does-not-cross' | 'line-crosses-hole' | 'not-adjacent' | 'hole-not-inside' | 'nothing-left';
    };

const asFeature = <G extends Polygon | MultiPolygon | LineString>(geometry: G): Feature<G> => ({
  type: 'Feature',
  properties: {},
  geometry,
});

type Point = [number, number];

const samePoint = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Twice the signed planar area of a closed ring (positive when counter-clockwise). */
function ringSign(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 1; index < ring.length; index += 1)
    sum += ring[index - 1]![0]! * ring[index]![1]! - ring[index]![0]! * ring[index - 1]![1]!;
  return sum;
}

/** Where segment a→b meets segment c→d: parameters along each and the point, or null (parallel or apart). */
function segmentCrossing(a: Position, b: Position, c: Position, d: Position) {
  const rx = b[0]! - a[0]!;
  const ry = b[1]! - a[1]!;
  const sx = d[0]! - c[0]!;
  const sy = d[1]! - c[1]!;
  const denominator = rx * sy - ry * sx;
  if (denominator === 0) return null;
  const qx = c[0]! - a[0]!;
  const qy = c[1]! - a[1]!;
  const t = (qx * sy - qy * sx) / denominator;
  const u = (qx * ry - qy * rx) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  // A crossing at a corner of the outline is that corner, exactly.
  const point: Point = u === 0 ? [c[0]!, c[1]!] : u === 1 ? [d[0]!, d[1]!] : [a[0]! + t * rx, a[1]! + t * ry];
  return { t, u, point };
}

/** Split a closed ring (as an open vertex list) along a chord whose ends are vertices of it. */
function splitRing(ring: Point[], chord: Point[]): [Point[], Point[]] | null {
  const entry = ring.findIndex((vertex) => samePoint(vertex, chord[0]!));
  const exit = ring.findIndex((vertex) => samePoint(vertex, chord[chord.length - 1]!));
  if (entry < 0 || exit < 0 || entry === exit) return null;
  const walk = (from: number, to: number) => {
    const out: Point[] = [];
    for (let index = from; ; index = (index + 1) % ring.length) {
      out.push(ring[index]!);
      if (index === to) return out;
    }
  };
  const inner = chord.slice(1, -1);
  return [
    [...walk(entry, exit), ...[...inner].reverse()],
    [...walk(exit, entry), ...inner],
  ];
}

const closed = (ring: Point[]): Point[] => [...ring, ring[0]!];

/** A point inside a chord (not on the outline): its first inner vertex, or the middle of a straight chord. */
const chordMiddle = (chord: Point[]): Point =>
  chord.length > 2 ? chord[1]! : [(chord[0]![0] + chord[1]![0]) / 2, (chord[0]![1] + chord[1]![1]) / 2];

/**
 * Split an area along a drawn line that crosses it from edge to edge; parts largest first. The parts share the
 * cut exactly (the same vertices on both sides, no gap), so merging them back gives the area again.
 */
export function splitPolygon(polygon: Polygon, line: LineString): OperationResult<Polygon[]> {
  const outer = polygon.coordinates[0]!;
  const holes = polygon.coordinates.slice(1);
  const path = line.coordinates;
  const lineFeature = asFeature(line);
  if (holes.some((hole) => booleanIntersects(lineFeature, asFeature({ type: 'LineString', coordinates: hole }))))
    return { ok: false, reason: 'line-crosses-hole' };

  // Every crossing of the line with the outline, in order along the line.
  const crossings: { along: number; edge: number; u: number; point: Point }[] = [];
  for (let step = 1; step < path.length; step += 1) {
    for (let edge = 1; edge < outer.length; edge += 1) {
      const hit = segmentCrossing(path[step - 1]!, path[step]!, outer[edge - 1]!, outer[edge]!);
      if (hit) crossings.push({ along: step - 1 + hit.t, edge: edge - 1, u: hit.u, point: hit.point });
    }
  }
  crossings.sort((a, b) => a.along - b.along);
  const distinct = crossings.filter((hit, index) => index === 0 || !samePoint(hit.point, crossings[index - 1]!.point));

  // The outline with every crossing as a vertex: both sides of the cut then use the same coordinates.
  const ring: Point[] = [];
  for (let edge = 0; edge < outer.length - 1; edge += 1) {
    ring.push([outer[edge]![0]!, outer[edge]![1]!]);
    const onEdge = distinct.filter((hit) => hit.edge === edge).sort((a, b) => a.u - b.u);
    for (const hit of onEdge) if (!samePoint(hit.point, ring[ring.length - 1]!)) ring.push(hit.point);
  }
  const vertices = ring.filter((vertex, index) => !samePoint(vertex, ring[(index + 1) % ring.length]!));

  // The pieces of the line inside the area, from crossing to crossing.
  const chords: Point[][] = [];
  for (let index = 1; index < distinct.length; index += 1) {
    const from = distinct[index - 1]!;
    const to = distinct[index]!;
    const chord: Point[] = [from.point];
    for (let step = Math.floor(from.along) + 1; step <= to.along; step += 1) {
      const vertex = path[step]!;
      if (!samePoint(vertex, chord[chord.length - 1]!) && !samePoint(vertex, to.point))
        chord.push([vertex[0]!, vertex[1]!]);
    }
    chord.push(to.point);
    if (booleanPointInPolygon(chordMiddle(chord), polygon, { ignoreBoundary: true })) chords.push(chord);
  }
  if (!chords.length) return { ok: false, reason: 'line-does-not-cross' };

  let pieces: Point[][] = [vertices];
  for (const chord of chords) {
    const middle = chordMiddle(chord);
    const index = pieces.findIndex((piece) =>
      booleanPointInPolygon(middle, { type: 'Polygon', coordinates: [closed(piece)] }, { ignoreBoundary: true }),
    );
    const halves = index < 0 ? null : splitRing(pieces[index]!, chord);
    if (!halves) return { ok: false, reason: 'line-does-not-cross' };
    pieces = [...pieces.slice(0, index), ...halves, ...pieces.slice(index + 1)];
  }

  const orientation = Math.sign(ringSign(outer));
  const result = pieces
    .map((piece): Polygon => {
      const shell = closed(piece);
      if (Math.sign(ringSign(shell)) !== orientation) shell.reverse();
      const inside = holes.filter((hole) =>
        booleanPointInPolygon(hole[0]!, { type: 'Polygon', coordinates: [shell] }, { ignoreBoundary: true }),
      );
      return { type: 'Polygon', coordinates: [shell, ...inside] };
    })
    .sort((a, b) => area(asFeature(b)) - area(asFeature(a)));
  return result.length < 2 ? { ok: false, reason: 'line-does-not-cross' } : { ok: true, value: result };
}

/** Merge two areas that touch or overlap into one; refused when they are apart. */
export function mergePolygons(a: Polygon, b: Polygon): OperationResult<Polygon> {
  // A hair of tolerance so that shared edges drawn by snapping count as touching.
  const grown = buffer(asFeature(b), 0.01, { units: 'meters' });
  if (!grown || !booleanIntersects(asFeature(a), grown)) return { ok: false, reason: 'not-adjacent' };
  // Parts that share an edge exactly (a split) merge as they are, without the tolerance's rounded corners.
  const exact = union(featureCollection([asFeature(a), asFeature(b)]));
  if (exact?.geometry.type === 'Polygon') return { ok: true, value: exact.geometry };
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
