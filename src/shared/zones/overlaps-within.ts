import Flatbush from 'flatbush';
import { geometryBounds } from '../geo/bounds';
import { zonesOverlap } from './geometry';
import type { ZoneGeometry } from './zone';

/** A new zone of a batch (an import file): its item and its validated geometry. */
export interface BatchZone {
  category: string;
  geometry: ZoneGeometry;
}

/**
 * The zones of one batch that overlap an earlier zone of the same item in that batch, by the rule
 * stored zones obey (zonesOverlap): position in the batch → position of the earlier zone. The
 * earlier zone is kept; a zone refused here is not compared with later ones (leaving it out lets
 * a later one through). Candidates come from a static R-tree (flatbush) of the zones' boxes, so a
 * batch of n zones costs about n log n box tests plus the exact test of boxes that meet.
 */
export function overlapsWithinBatch(zones: readonly BatchZone[]): Map<number, number> {
  const found = new Map<number, number>();
  if (zones.length < 2) return found;
  const index = new Flatbush(zones.length);
  const boxes = zones.map((zone) => geometryBounds(zone.geometry));
  for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
  index.finish();
  zones.forEach((zone, position) => {
    const [minX, minY, maxX, maxY] = boxes[position]!;
    const earlier = index
      .search(minX, minY, maxX, maxY, (other) => other < position && !found.has(other))
      .filter((other) => zones[other]!.category === zone.category)
      .sort((a, b) => a - b)
      .find((other) => zonesOverlap(zone.geometry, zones[other]!.geometry));
    if (earlier !== undefined) found.set(position, earlier);
  });
  return found;
}
