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
  for (const _step of compareZones(zones, found));
  return found;
}

/**
 * overlapsWithinBatch, awaiting `pause()` after each zone: the server passes one that lets other
 * requests in every few milliseconds (1,000 detailed polygons take a few hundred ms).
 */
export async function overlapsWithinBatchSliced(
  zones: readonly BatchZone[],
  pause: () => Promise<void>,
): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const _step of compareZones(zones, found)) await pause();
  return found;
}

/** The comparison, one zone per step, filling `found`. */
function* compareZones(zones: readonly BatchZone[], found: Map<number, number>): Generator<void> {
  if (zones.length < 2) return;
  const index = new Flatbush(zones.length);
  const boxes = zones.map((zone) => geometryBounds(zone.geometry));
  for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
  index.finish();
  for (const [position, zone] of zones.entries()) {
    const [minX, minY, maxX, maxY] = boxes[position]!;
    const earlier = index
      .search(minX, minY, maxX, maxY, (other) => other < position && !found.has(other))
      .filter((other) => zones[other]!.category === zone.category)
      .sort((a, b) => a - b)
      .find((other) => zonesOverlap(zone.geometry, zones[other]!.geometry));
    if (earlier !== undefined) found.set(position, earlier);
    yield;
  }
}
