import type { ZoneGeometry } from '../zones/zone';
import { createPolygonIndex, type JoinGeometry, type PolygonIndex } from './spatial-join';

/** A village's share of a zone below this is a sliver of the drawing, not a second village. */
export const VILLAGE_MIN_SHARE = 0.1;
/** What a zone spanning several villages shows as its 村（社区）, before the list. */
export const CROSS_VILLAGE = '跨村';
/** The zone's village field holds at most this many characters (shared/zones/zone.ts). */
const VILLAGE_MAX_LENGTH = 40;
/** Sample points per side of a polygon's box; points per segment of a line. */
const LATTICE = 24;

/** Points spread over the zone: a lattice inside a polygon (and its corners), along a line, the point itself. */
function samplePoints(geometry: ZoneGeometry): [number, number][] {
  if (geometry.type === 'Point') return [[geometry.coordinates[0]!, geometry.coordinates[1]!]];
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
    const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
    const points: [number, number][] = [];
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const [ax, ay] = line[i - 1]! as [number, number];
        const [bx, by] = line[i]! as [number, number];
        for (let step = 0; step < LATTICE; step++) {
          const t = step / LATTICE;
          points.push([ax + (bx - ax) * t, ay + (by - ay) * t]);
        }
      }
      const last = line[line.length - 1];
      if (last) points.push([last[0]!, last[1]!]);
    }
    return points;
  }
  const zone = createPolygonIndex([{ id: 0, geometry: geometry as JoinGeometry }]);
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of rings)
    for (const [lon, lat] of polygon[0] ?? []) {
      minLon = Math.min(minLon, lon!);
      maxLon = Math.max(maxLon, lon!);
      minLat = Math.min(minLat, lat!);
      maxLat = Math.max(maxLat, lat!);
    }
  const points: [number, number][] = [];
  for (let row = 0; row < LATTICE; row++) {
    for (let column = 0; column < LATTICE; column++) {
      const lon = minLon + ((column + 0.5) / LATTICE) * (maxLon - minLon);
      const lat = minLat + ((row + 0.5) / LATTICE) * (maxLat - minLat);
      if (zone.locate(lon, lat) !== null) points.push([lon, lat]);
    }
  }
  // A thin sliver may hold no lattice point: its corners still say where it is.
  if (!points.length) for (const polygon of rings) for (const [lon, lat] of polygon[0] ?? []) points.push([lon!, lat!]);
  return points;
}

/**
 * The villages (communities) a zone lies in, from the village areas (the 单元网格 cells, each belonging to one
 * village): the share of the zone's sample points in each, largest first, without slivers under
 * VILLAGE_MIN_SHARE. Empty when the zone is outside every area.
 */
export function villagesOfZone(geometry: ZoneGeometry, areas: PolygonIndex<string>): string[] {
  const counts = new Map<string, number>();
  const points = samplePoints(geometry);
  for (const [lon, lat] of points) {
    const village = areas.locate(lon, lat);
    if (village !== null) counts.set(village, (counts.get(village) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  return [...counts]
    .filter(([, count]) => count / total >= VILLAGE_MIN_SHARE)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([village]) => village);
}

/** The village areas as an index: each cell (or village polygon) names its village. */
export function villageAreaIndex(areas: readonly { village: string; geometry: JoinGeometry }[]): PolygonIndex<string> {
  return createPolygonIndex(areas.map((area) => ({ id: area.village, geometry: area.geometry })));
}

/**
 * The zone's 村（社区） text from the names of its villages: one name; "跨村（A、B）" for several (as many names as
 * fit the field, then "等N个"); null for none.
 */
export function villageLabel(names: readonly string[]): string | null {
  if (!names.length) return null;
  if (names.length === 1) return names[0]!.slice(0, VILLAGE_MAX_LENGTH);
  for (let shown = names.length; shown >= 1; shown--) {
    const rest = shown < names.length ? `等${names.length}个` : '';
    const text = `${CROSS_VILLAGE}（${names.slice(0, shown).join('、')}${rest}）`;
    if (text.length <= VILLAGE_MAX_LENGTH) return text;
  }
  return CROSS_VILLAGE;
}
