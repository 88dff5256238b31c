import type { MultiPolygon, Polygon } from 'geojson';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { FloodEvent, FloodFacility, FloodProfile } from '../../../shared/flood/flood';
import type { ZoneGeometry } from '../../../shared/zones/zone';

/** Rows of the flood tables and their mappers, shared by the SQLite (flood.repo.ts) and PostgreSQL (flood.pg.ts) repositories. */
export interface ProfileRow {
  zone_id: number;
  risk_level: FloodProfile['riskLevel'];
  max_depth_cm: number | null;
  typical_duration_hours: number | null;
  affected_households: number | null;
  cause: string;
  drainage_measures: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export const toProfile = (row: ProfileRow): FloodProfile => ({
  zoneId: String(row.zone_id),
  riskLevel: row.risk_level,
  maxDepthCm: row.max_depth_cm,
  typicalDurationHours: row.typical_duration_hours,
  affectedHouseholds: row.affected_households,
  cause: row.cause,
  drainageMeasures: row.drainage_measures,
  version: row.version,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export interface FacilityRow {
  id: number;
  zone_id: number;
  component_code: FloodFacility['componentCode'];
  name: string;
  geometry_json: string;
  created_at: string;
}

export const toFacility = (row: FacilityRow): FloodFacility => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  componentCode: row.component_code,
  name: row.name,
  geometry: JSON.parse(row.geometry_json) as FloodFacility['geometry'],
  createdAt: row.created_at,
});

/** An event with its waterlogging points summed up; `zone_ids` lists the areas they fell in, comma-separated, in the order first seen. */
export interface EventRow {
  id: number;
  occurred_on: string;
  rainfall_mm: number;
  notes: string;
  point_count: number;
  max_depth: number | null;
  zone_ids: string | null;
}

export const toEvent = (row: EventRow): FloodEvent => ({
  id: String(row.id),
  occurredOn: row.occurred_on,
  rainfallMm: row.rainfall_mm,
  notes: row.notes,
  pointCount: row.point_count,
  maxDepthCm: row.max_depth,
  zoneIds: row.zone_ids ? row.zone_ids.split(',') : [],
});

export interface PointRow {
  id: number;
  event_id: number;
  occurred_on: string;
  lon: number;
  lat: number;
  depth_cm: number;
  zone_id: number | null;
}

export const toPoint = (row: PointRow) => ({
  id: row.id,
  eventId: row.event_id,
  occurredOn: row.occurred_on,
  lon: row.lon,
  lat: row.lat,
  depthCm: row.depth_cm,
  zoneId: row.zone_id,
});

export interface FrequencyRow {
  id: number;
  name: string;
  events: number;
  max_depth: number | null;
  last_on: string | null;
  risk_level: FloodProfile['riskLevel'] | null;
}

export const toFrequency = (row: FrequencyRow) => ({
  zoneId: String(row.id),
  name: row.name,
  events: row.events,
  maxDepthCm: row.max_depth,
  lastOn: row.last_on,
  riskLevel: row.risk_level,
});

/** The statements both engines run as written (`@name` parameters; PostgreSQL runs them through `named`). */
export const FLOOD_SQL = {
  facilities: 'SELECT * FROM flood_facilities WHERE zone_id = @zoneId ORDER BY id',
  points: `SELECT p.id, p.event_id, e.occurred_on, p.lon, p.lat, p.depth_cm, p.zone_id
           FROM waterlogging_points p JOIN flood_events e ON e.id = p.event_id ORDER BY p.id`,
};

/**
 * The waterlogging point's area: the first candidate (an R4 zone whose box holds the point) whose shape holds it.
 * turf's test is passed in: loaded when first needed, not at start-up (docs/architecture.md).
 */
export function areaHolding<T extends { id: number; geometry_json: string }>(
  candidates: readonly T[],
  lon: number,
  lat: number,
  booleanPointInPolygon: typeof import('@turf/turf').booleanPointInPolygon,
): T | undefined {
  return candidates.find((candidate) => {
    const geometry = JSON.parse(candidate.geometry_json) as ZoneGeometry;
    return (
      (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') &&
      booleanPointInPolygon([lon, lat], geometry as Polygon | MultiPolygon)
    );
  });
}

/** An audit entry of a flood write that went through. */
export const floodAudit = (
  actor: Actor,
  action: string,
  targetType: string,
  targetId: string,
  detail: Record<string, unknown>,
): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action,
  targetType,
  targetId,
  outcome: 'ok',
  detail,
});
