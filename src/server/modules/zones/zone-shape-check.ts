import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { validateZoneGeometry, zonesOverlap, type GeometryReason } from '../../../shared/zones/geometry';
import type { ZoneGeometry } from '../../../shared/zones/zone';

/** What a zone write's geometry checks need besides the shape. */
export interface ShapeCheckOptions {
  /** false: the shape passed validateZoneGeometry already (an import checks it in its worker): only the overlaps. */
  validate: boolean;
  townOutline: Feature<Polygon | MultiPolygon> | null;
  /** Live zones of the same item whose boxes meet the shape's (as JSON text): the exact overlap test decides. */
  candidates: { id: number; geometryJson: string }[];
}

export type ShapeCheck =
  | { valid: false; reason: GeometryReason; detail: string }
  | { valid: true; geometry: ZoneGeometry; overlaps: number[] };

/** The checks' job for a worker thread: the shape as JSON text (one string crosses far faster than nested arrays). */
export interface ShapeCheckRequest extends ShapeCheckOptions {
  geometryJson: string;
}

export type ShapeCheckResult =
  Extract<ShapeCheck, { valid: false }> | { valid: true; geometryJson: string; overlaps: number[] };

/**
 * The geometry checks of a zone write (docs/quality.md P10): the shared validation (validity,
 * self-intersection, the town outline; the shape normalised) and the exact overlap test against the
 * stored zones the caller read. Run in this thread for small shapes and, through checkZoneShape, in a
 * worker thread for detailed ones (zone-validation.ts): one implementation, the same answers.
 */
export function checkShape(geometry: ZoneGeometry, options: ShapeCheckOptions): ShapeCheck {
  if (options.validate) {
    const check = validateZoneGeometry(geometry, { townOutline: options.townOutline });
    if (!check.valid) return { valid: false, reason: check.reason, detail: check.detail };
    geometry = check.geometry;
  }
  const overlaps = options.candidates
    .filter((candidate) => zonesOverlap(geometry, JSON.parse(candidate.geometryJson) as ZoneGeometry))
    .map((candidate) => candidate.id);
  return { valid: true, geometry, overlaps };
}

/** checkShape as a worker thread's job: JSON text in and out. */
export function checkZoneShape(request: ShapeCheckRequest): ShapeCheckResult {
  const check = checkShape(JSON.parse(request.geometryJson) as ZoneGeometry, request);
  if (!check.valid) return check;
  return { valid: true, geometryJson: JSON.stringify(check.geometry), overlaps: check.overlaps };
}
