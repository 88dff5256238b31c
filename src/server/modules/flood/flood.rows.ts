import type { MultiPolygon, Polygon } from 'geojson';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import {
  floodEventChanges,
  type FloodEvent,
  type FloodEventDetail,
  type FloodEventHistory,
  type FloodEventSnapshot,
  type FloodFacility,
  type FloodProfile,
} from '../../../shared/flood/flood';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import { FLOOD_ITEM } from '../../../shared/campaign/items';

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
  version: number;
  deleted_at: string | null;
}

export const toEvent = (row: EventRow): FloodEvent => ({
  id: String(row.id),
  occurredOn: row.occurred_on,
  rainfallMm: row.rainfall_mm,
  notes: row.notes,
  pointCount: row.point_count,
  maxDepthCm: row.max_depth,
  zoneIds: row.zone_ids ? row.zone_ids.split(',') : [],
  version: row.version,
  deletedAt: row.deleted_at,
});

/** A point of one event, with its photos (FLOOD_SQL.eventPoints, FLOOD_SQL.eventPhotos). */
export interface EventPointRow {
  id: number;
  lon: number;
  lat: number;
  depth_cm: number;
  observed_at: string | null;
  notes: string;
  zone_id: number | null;
}
export interface PointPhotoRow {
  id: number;
  point_id: number;
  width: number;
  height: number;
  created_at: string;
}

export const toEventDetail = (
  event: FloodEvent,
  points: readonly EventPointRow[],
  photos: readonly PointPhotoRow[],
): FloodEventDetail => ({
  ...event,
  points: points.map((point) => ({
    id: String(point.id),
    coordinates: [point.lon, point.lat],
    depthCm: point.depth_cm,
    observedAt: point.observed_at,
    notes: point.notes,
    zoneId: point.zone_id === null ? null : String(point.zone_id),
    photos: photos
      .filter((photo) => photo.point_id === point.id)
      .map((photo) => ({
        id: String(photo.id),
        width: photo.width,
        height: photo.height,
        createdAt: photo.created_at,
      })),
  })),
});

/** What the audit keeps of an event before and after a write (what its history compares). */
export const snapshotOf = (detail: FloodEventDetail): FloodEventSnapshot => ({
  occurredOn: detail.occurredOn,
  rainfallMm: detail.rainfallMm,
  notes: detail.notes,
  points: detail.points.map(({ id, coordinates, depthCm, notes }) => ({ id, coordinates, depthCm, notes })),
});

export interface HistoryRow {
  at: string;
  actor: string | null;
  action: string;
  detail_json: string | null;
}

const HISTORY_ACTIONS: Record<string, FloodEventHistory[number]['action']> = {
  flood_event_created: 'created',
  flood_event_updated: 'updated',
  flood_event_deleted: 'deleted',
  flood_event_restored: 'restored',
};

/** The audit entries of an event as its history: who (their name), when, what changed. */
export const toHistory = (rows: readonly HistoryRow[]): FloodEventHistory =>
  rows.flatMap((row) => {
    const action = HISTORY_ACTIONS[row.action];
    if (!action) return [];
    const detail = (row.detail_json ? JSON.parse(row.detail_json) : {}) as {
      before?: FloodEventSnapshot;
      after?: FloodEventSnapshot;
    };
    const changes = action === 'updated' ? floodEventChanges(detail.before ?? null, detail.after ?? null) : [];
    return [{ at: row.at, actor: row.actor, action, changes }];
  });

/** The waterlogging points of an update: changed (by id), added (no id), taken out (not listed). */
export function planPoints<Point extends { id?: string | undefined }>(
  existing: readonly string[],
  points: readonly Point[],
) {
  const listed = new Set(points.flatMap((point) => (point.id ? [point.id] : [])));
  return {
    changed: points.filter((point) => point.id !== undefined),
    added: points.filter((point) => point.id === undefined),
    removed: existing.filter((id) => !listed.has(id)),
  };
}

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
           FROM waterlogging_points p JOIN flood_events e ON e.id = p.event_id
           WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL ORDER BY p.id`,
  /** How often each flood-prone area flooded: live points of live events only. */
  frequency: `SELECT z.id, z.name, count(DISTINCT p.event_id) AS events, max(p.depth_cm) AS max_depth,
                     max(p.occurred_on) AS last_on,
                     (SELECT fp.risk_level FROM flood_profiles fp WHERE fp.zone_id = z.id) AS risk_level
              FROM zones z LEFT JOIN (SELECT w.zone_id, w.event_id, w.depth_cm, e.occurred_on
                                        FROM waterlogging_points w JOIN flood_events e ON e.id = w.event_id
                                       WHERE w.deleted_at IS NULL AND e.deleted_at IS NULL) p ON p.zone_id = z.id
              WHERE z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL GROUP BY z.id ORDER BY events DESC, z.id`,
  eventPoints: `SELECT id, lon, lat, depth_cm, observed_at, notes, zone_id FROM waterlogging_points
                WHERE event_id = @eventId AND deleted_at IS NULL ORDER BY id`,
  eventPhotos: `SELECT ph.id, ph.point_id, ph.width, ph.height, ph.created_at
                FROM waterlogging_point_photos ph JOIN waterlogging_points p ON p.id = ph.point_id
                WHERE p.event_id = @eventId AND ph.deleted_at IS NULL ORDER BY ph.id`,
  insertPoint: `INSERT INTO waterlogging_points (event_id, zone_id, lon, lat, depth_cm, observed_at, notes)
                VALUES (@eventId, @zoneId, @lon, @lat, @depthCm, @observedAt, @notes)`,
  updatePoint: `UPDATE waterlogging_points SET zone_id = @zoneId, lon = @lon, lat = @lat, depth_cm = @depthCm,
                  observed_at = @observedAt, notes = @notes
                WHERE id = @id AND event_id = @eventId AND deleted_at IS NULL`,
  removePoint: 'UPDATE waterlogging_points SET deleted_at = @now WHERE id = @id AND event_id = @eventId',
  /** The version check is the statement: no row changed → someone else wrote first (412), or it was deleted. */
  updateEvent: `UPDATE flood_events SET occurred_on = @occurredOn, rainfall_mm = @rainfallMm, notes = @notes,
                  version = version + 1
                WHERE id = @id AND version = @expectedVersion AND deleted_at IS NULL`,
  deleteEvent: `UPDATE flood_events SET deleted_at = @now, version = version + 1
                WHERE id = @id AND version = @expectedVersion AND deleted_at IS NULL`,
  restoreEvent: `UPDATE flood_events SET deleted_at = NULL, version = version + 1
                 WHERE id = @id AND version = @expectedVersion AND deleted_at IS NOT NULL`,
  history: `SELECT a.at, coalesce(u.display_name, a.actor_username) AS actor, a.action, a.detail_json
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
            WHERE a.target_type = 'flood_event' AND a.target_id = @id AND a.outcome = 'ok' ORDER BY a.id`,
  /** A live point (of a live event), for its photos. */
  livePoint: `SELECT p.id, p.event_id FROM waterlogging_points p JOIN flood_events e ON e.id = p.event_id
              WHERE p.id = @id AND p.deleted_at IS NULL AND e.deleted_at IS NULL`,
  insertPhoto: `INSERT INTO waterlogging_point_photos (point_id, storage_key, width, height, bytes, created_at, created_by)
                VALUES (@pointId, @storageKey, @width, @height, @bytes, @now, @by)`,
  /** A photo's storage key, while its point and event are live. */
  photoKey: `SELECT ph.storage_key FROM waterlogging_point_photos ph
             JOIN waterlogging_points p ON p.id = ph.point_id JOIN flood_events e ON e.id = p.event_id
             WHERE ph.id = @id AND ph.deleted_at IS NULL AND p.deleted_at IS NULL AND e.deleted_at IS NULL`,
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

/** The statement parameters of a waterlogging point of an event, in the area `zoneOf` finds. */
export const pointParams = (
  eventId: number,
  point: { coordinates: readonly [number, number]; depthCm: number; observedAt?: string | null; notes?: string },
  zoneOf: (lon: number, lat: number) => number | null,
) => ({
  eventId,
  zoneId: zoneOf(point.coordinates[0], point.coordinates[1]),
  lon: point.coordinates[0],
  lat: point.coordinates[1],
  depthCm: point.depthCm,
  observedAt: point.observedAt ?? null,
  notes: point.notes ?? '',
});

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
