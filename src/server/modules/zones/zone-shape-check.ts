import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { validateZoneGeometry, zonesOverlap, type GeometryReason } from '../../../shared/zones/geometry';
import type { ZoneGeometry } from '../../../shared/zones/zone';

/** A zone write's geometry checks: what they need, so they can run in a worker thread as well as here. */
export interface ShapeCheckRequest {
  /** The new shape as JSON text: one string crosses to a worker far faster than thousands of nested arrays. */
  geometryJson: string;
  /** false: the shape passed validateZoneGeometry already (an import checks it in its worker): only the overlaps. */
  validate: boolean;
  townOutline: Feature<Polygon | MultiPolygon> | null;
  /** Live zones of the same item whose boxes meet the shape's (as JSON text): the exact overlap test decides. */
  candidates: { id: number; geometryJson: string }[];
}

export type ShapeCheckResult =
  { valid: false; reason: GeometryReason; detail: string } | { valid: true; geometryJson: string; overlaps: number[] };

/**
 * The geometry checks of a zone write (docs/quality.md P10): the shared validation (validity,
 * self-intersection, the town outline; the shape normalised) and the exact overlap test against the
 * stored zones the caller read. Run in this thread for small shapes and in a worker thread
 * (zone-validation.ts) for detailed ones: one implementation, the same answers.
 */
export function checkZoneShape(request: ShapeCheckRequest): ShapeCheckResult {
  let geometry = JSON.parse(request.geometryJson) as ZoneGeometry;
  if (request.validate) {
    const check = validateZoneGeometry(geometry, { townOutline: request.townOutline });
    if (!check.valid) return { valid: false, reason: check.reason, detail: check.detail };
    geometry = check.geometry;
  }
  const overlaps = request.candidates
    .filter((candidate) => zonesOverlap(geometry, JSON.parse(candidate.geometryJson) as ZoneGeometry))
    .map((candidate) => candidate.id);
  return { valid: true, geometryJson: request.validate ? JSON.stringify(geometry) : request.geometryJson, overlaps };
}
