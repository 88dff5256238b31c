import { geometryBounds } from '../../../shared/geo/bounds';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import type { RegisterLink } from '../../../shared/registers/register';
import type { RegisterRepository } from './registers.repo';

/**
 * The register objects a zone covers: the objects whose boxes meet the zone's (the repository's index), then the
 * exact test, turf's booleanIntersects, on both engines alike (one way, the same answers on SQLite and PostgreSQL).
 * turf is loaded when first needed, not at start-up (docs/architecture.md).
 */
export async function registersInZone(repo: RegisterRepository, zone: ZoneGeometry): Promise<RegisterLink[]> {
  const box = geometryBounds(zone);
  if (!box.every(Number.isFinite)) return [];
  const candidates = await repo.inBox(box);
  if (!candidates.length) return [];
  const { booleanIntersects } = await import('@turf/turf');
  return candidates
    .filter((candidate) => booleanIntersects(candidate.geometry, zone))
    .map((candidate) => ({ kind: candidate.properties.kind, id: candidate.id, name: candidate.properties.name }));
}
