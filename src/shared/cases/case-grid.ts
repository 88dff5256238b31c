import type { Place } from '../geo/basemap';
import { pointInRing } from '../geo/spatial-join';

export interface GridCell {
  /** 15 digits: the village's 12-digit code (2023) + a 3-digit serial. */
  code: string;
  villageCode: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

const METRES_PER_DEGREE_LAT = 110_950;

/**
 * ILLUSTRATIVE 单元网格: the town has no published grid, so this lays a regular lattice of `cellMetres` squares over
 * the outline, keeps the cells whose centre or a corner is inside it, and gives each to the village or community whose (guessed)
 * office position is nearest to the cell's centre. Codes are the village code + a serial in row order (north to
 * south, west to east). Not the town's grid: replace with the real one when the town has it.
 */
export function buildIllustrativeGrid(
  outline: number[][],
  places: readonly Pick<Place, 'code2023' | 'lon' | 'lat'>[],
  cellMetres = 500,
): GridCell[] {
  if (places.length === 0 || outline.length < 4) return [];
  const ring = new Float64Array(outline.flat());
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of outline) {
    minLon = Math.min(minLon, lon!);
    maxLon = Math.max(maxLon, lon!);
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
  }
  const midLat = (minLat + maxLat) / 2;
  const dLat = cellMetres / METRES_PER_DEGREE_LAT;
  const dLon = cellMetres / (METRES_PER_DEGREE_LAT * Math.cos((midLat * Math.PI) / 180));
  const round = (value: number) => Math.round(value * 1e7) / 1e7;
  const serials = new Map<string, number>();
  const cells: GridCell[] = [];
  const rows = Math.ceil((maxLat - minLat) / dLat);
  const columns = Math.ceil((maxLon - minLon) / dLon);
  for (let row = 0; row < rows; row++) {
    const top = maxLat - row * dLat;
    for (let column = 0; column < columns; column++) {
      const left = minLon + column * dLon;
      const cx = left + dLon / 2;
      const cy = top - dLat / 2;
      const probes = [
        [cx, cy],
        [left, top],
        [left + dLon, top],
        [left, top - dLat],
        [left + dLon, top - dLat],
      ];
      if (probes.every(([x, y]) => pointInRing(ring, x!, y!) === 0)) continue;
      let nearest = places[0]!;
      let best = Infinity;
      for (const place of places) {
        const dx = (place.lon - cx) * Math.cos((midLat * Math.PI) / 180);
        const dy = place.lat - cy;
        const distance = dx * dx + dy * dy;
        if (distance < best) {
          best = distance;
          nearest = place;
        }
      }
      const serial = (serials.get(nearest.code2023) ?? 0) + 1;
      if (serial > 999) continue;
      serials.set(nearest.code2023, serial);
      const [x0, x1, y0, y1] = [round(left), round(left + dLon), round(top - dLat), round(top)];
      cells.push({
        code: `${nearest.code2023}${String(serial).padStart(3, '0')}`,
        villageCode: nearest.code2023,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      });
    }
  }
  return cells;
}
