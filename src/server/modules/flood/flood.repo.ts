import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type {
  FloodEvent,
  FloodEventBody,
  FloodEventDetail,
  FloodEventHistory,
  FloodEventUpdateBody,
  FloodFacility,
  FloodProfile,
  FloodProfileBody,
  PointPhoto,
} from '../../../shared/flood/flood';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import {
  areaHolding,
  FLOOD_SQL,
  floodAudit,
  planPoints,
  pointParams,
  snapshotOf,
  toEvent,
  toEventDetail,
  toHistory,
  toFacility,
  toFrequency,
  toPoint,
  toProfile,
  type EventPointRow,
  type EventRow,
  type FacilityRow,
  type HistoryRow,
  type PointPhotoRow,
  type FrequencyRow,
  type PointRow,
  type ProfileRow,
} from './flood.rows';

export interface FloodRepository {
  getProfile(zoneId: number): Promise<FloodProfile | null>;
  /** Create or replace the profile; with an expected version only when one exists. Null when stale. */
  putProfile(
    zoneId: number,
    body: FloodProfileBody,
    expectedVersion: number | null,
    actor: Actor,
  ): Promise<FloodProfile | null>;
  listFacilities(zoneId: number): Promise<FloodFacility[]>;
  addFacility(
    zoneId: number,
    facility: Pick<FloodFacility, 'componentCode' | 'name' | 'geometry'>,
    actor: Actor,
  ): Promise<FloodFacility>;
  /** Record an event; each waterlogging point is joined to the flood-prone (R4) area it falls in. */
  createEvent(body: FloodEventBody, actor: Actor): Promise<FloodEvent>;
  /** Live events (of an area), or the deleted ones. */
  listEvents(zoneId?: number, deleted?: boolean): Promise<FloodEvent[]>;
  /** One event with its points and their photos (a deleted one only with `includeDeleted`). */
  getEvent(id: number, includeDeleted?: boolean): Promise<FloodEventDetail | null>;
  /** Change an event and its points (If-Match `expectedVersion`); null when stale or deleted meanwhile. */
  updateEvent(
    id: number,
    body: FloodEventUpdateBody,
    expectedVersion: number,
    actor: Actor,
  ): Promise<FloodEventDetail | null>;
  /** Soft delete (restorable); false when stale. */
  deleteEvent(id: number, expectedVersion: number, actor: Actor): Promise<boolean>;
  restoreEvent(id: number, expectedVersion: number, actor: Actor): Promise<FloodEventDetail | null>;
  /** Who changed the event, when and what (from the audit log), oldest first. */
  eventHistory(id: number): Promise<FloodEventHistory>;
  /** A point of a live event, or null. */
  livePoint(id: number): Promise<{ id: number; event_id: number } | null>;
  addPointPhoto(
    pointId: number,
    photo: { storageKey: string; width: number; height: number; bytes: number },
    actor: Actor,
  ): Promise<PointPhoto>;
  /** The storage key of a photo of a live point, or null. */
  pointPhotoKey(photoId: number): Promise<string | null>;
  listPoints(): Promise<
    {
      id: number;
      eventId: number;
      occurredOn: string;
      lon: number;
      lat: number;
      depthCm: number;
      zoneId: number | null;
    }[]
  >;
  frequency(): Promise<
    { zoneId: string; name: string; events: number; maxDepthCm: number | null; lastOn: string | null }[]
  >;
}

/** Flood-prone areas' data (R4): profiles, facilities, rainfall events and the waterlogging seen in them. */
export function createFloodRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): FloodRepository {
  const selectProfile = db.prepare<[number], ProfileRow>('SELECT * FROM flood_profiles WHERE zone_id = ?');
  const insertProfile = db.prepare(
    `INSERT INTO flood_profiles (zone_id, risk_level, max_depth_cm, typical_duration_hours, affected_households, cause,
                                 drainage_measures, version, updated_at, updated_by)
     VALUES (@zoneId, @riskLevel, @maxDepthCm, @typicalDurationHours, @affectedHouseholds, @cause, @drainageMeasures, 1,
             @now, @by)
     ON CONFLICT (zone_id) DO NOTHING`,
  );
  const updateProfile = db.prepare(
    `UPDATE flood_profiles SET risk_level = @riskLevel, max_depth_cm = @maxDepthCm,
       typical_duration_hours = @typicalDurationHours, affected_households = @affectedHouseholds, cause = @cause,
       drainage_measures = @drainageMeasures, version = version + 1, updated_at = @now, updated_by = @by
     WHERE zone_id = @zoneId AND version = @expectedVersion`,
  );
  const audit = (actor: Actor, action: string, targetType: string, targetId: string, detail: Record<string, unknown>) =>
    recordAudit(floodAudit(actor, action, targetType, targetId, detail));

  const eventSummaries = (where: string, params: unknown[]): FloodEvent[] =>
    (
      db
        .prepare(
          `SELECT e.id, e.occurred_on, e.rainfall_mm, e.notes, count(p.id) AS point_count, max(p.depth_cm) AS max_depth,
                  group_concat(DISTINCT p.zone_id) AS zone_ids, e.version, e.deleted_at
           FROM flood_events e LEFT JOIN waterlogging_points p ON p.event_id = e.id AND p.deleted_at IS NULL
           ${where} GROUP BY e.id ORDER BY e.occurred_on DESC, e.id DESC`,
        )
        .all(...params) as EventRow[]
    ).map(toEvent);

  /** One event with its points and their photos. */
  const detailOf = (id: number, includeDeleted: boolean): FloodEventDetail | null => {
    const [event] = eventSummaries(includeDeleted ? 'WHERE e.id = ?' : 'WHERE e.id = ? AND e.deleted_at IS NULL', [id]);
    if (!event) return null;
    return toEventDetail(
      event,
      db.prepare(FLOOD_SQL.eventPoints).all({ eventId: id }) as EventPointRow[],
      db.prepare(FLOOD_SQL.eventPhotos).all({ eventId: id }) as PointPhotoRow[],
    );
  };
  const insertPoint = db.prepare(FLOOD_SQL.insertPoint);
  const candidates = db.prepare<[number, number, number, number], { id: number; geometry_json: string }>(
    `SELECT z.id, z.geometry_json FROM zones_rtree r JOIN zones z ON z.id = r.id
     WHERE r.min_lon <= ? AND r.max_lon >= ? AND r.min_lat <= ? AND r.max_lat >= ?
       AND z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL`,
  );
  /** The flood-prone area a point falls in (turf loaded when first needed, not at start-up: docs/architecture.md). */
  const zoneFinder = async () => {
    const { booleanPointInPolygon } = await import('@turf/turf');
    return (lon: number, lat: number) =>
      areaHolding(candidates.all(lon, lon, lat, lat), lon, lat, booleanPointInPolygon)?.id ?? null;
  };

  return {
    async getProfile(zoneId) {
      const row = selectProfile.get(zoneId);
      return row ? toProfile(row) : null;
    },
    async putProfile(zoneId, body, expectedVersion, actor) {
      return db.transaction(() => {
        const before = selectProfile.get(zoneId);
        if ((before?.version ?? null) !== expectedVersion) return null;
        const params = { zoneId, ...body, now: stampNow(), by: actor.username, expectedVersion };
        // The version check is the statement itself: a second creation finds the row (DO NOTHING), a change
        // matches only the version it expects. No row written: someone else wrote first, and nothing is audited.
        const written = expectedVersion === null ? insertProfile.run(params) : updateProfile.run(params);
        if (written.changes !== 1) return null;
        const after = toProfile(selectProfile.get(zoneId)!);
        audit(actor, before ? 'flood_profile_updated' : 'flood_profile_created', 'zone', String(zoneId), {
          before: before ? toProfile(before) : null,
          after,
        });
        return after;
      })();
    },
    async listFacilities(zoneId) {
      return (db.prepare(FLOOD_SQL.facilities).all({ zoneId }) as FacilityRow[]).map(toFacility);
    },
    async addFacility(zoneId, facility, actor) {
      return db.transaction(() => {
        const now = stampNow();
        const result = db
          .prepare(
            'INSERT INTO flood_facilities (zone_id, component_code, name, geometry_json, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(zoneId, facility.componentCode, facility.name, JSON.stringify(facility.geometry), now, actor.username);
        const created: FloodFacility = {
          id: String(result.lastInsertRowid),
          zoneId: String(zoneId),
          ...facility,
          createdAt: now,
        };
        audit(actor, 'flood_facility_created', 'zone', String(zoneId), { after: created });
        return created;
      })();
    },
    async createEvent(body, actor) {
      const zoneOf = await zoneFinder();
      return db.transaction(() => {
        const now = stampNow();
        const event = db
          .prepare(
            'INSERT INTO flood_events (occurred_on, rainfall_mm, notes, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
          )
          .run(body.occurredOn, body.rainfallMm, body.notes ?? '', now, actor.username);
        const eventId = Number(event.lastInsertRowid);
        for (const point of body.points) insertPoint.run(pointParams(eventId, point, zoneOf));
        const [created] = eventSummaries('WHERE e.id = ?', [eventId]);
        audit(actor, 'flood_event_created', 'flood_event', String(eventId), { after: created });
        return created!;
      })();
    },
    async getEvent(id, includeDeleted = false) {
      return detailOf(id, includeDeleted);
    },
    async updateEvent(id, body, expectedVersion, actor) {
      const zoneOf = await zoneFinder();
      return db.transaction(() => {
        const before = detailOf(id, false);
        const written = db.prepare(FLOOD_SQL.updateEvent).run({
          id,
          expectedVersion,
          occurredOn: body.occurredOn,
          rainfallMm: body.rainfallMm,
          notes: body.notes ?? '',
        });
        if (!before || written.changes !== 1) return null;
        const plan = planPoints(
          before.points.map((point) => point.id),
          body.points,
        );
        for (const point of plan.changed) {
          db.prepare(FLOOD_SQL.updatePoint).run({ ...pointParams(id, point, zoneOf), id: Number(point.id) });
        }
        for (const point of plan.added) insertPoint.run(pointParams(id, point, zoneOf));
        const now = stampNow();
        for (const pointId of plan.removed)
          db.prepare(FLOOD_SQL.removePoint).run({ id: Number(pointId), eventId: id, now });
        const after = detailOf(id, false)!;
        audit(actor, 'flood_event_updated', 'flood_event', String(id), {
          before: snapshotOf(before),
          after: snapshotOf(after),
        });
        return after;
      })();
    },
    async deleteEvent(id, expectedVersion, actor) {
      return db.transaction(() => {
        const before = detailOf(id, false);
        if (!before || db.prepare(FLOOD_SQL.deleteEvent).run({ id, expectedVersion, now: stampNow() }).changes !== 1) {
          return false;
        }
        audit(actor, 'flood_event_deleted', 'flood_event', String(id), { before: snapshotOf(before) });
        return true;
      })();
    },
    async restoreEvent(id, expectedVersion, actor) {
      return db.transaction(() => {
        if (db.prepare(FLOOD_SQL.restoreEvent).run({ id, expectedVersion }).changes !== 1) return null;
        const after = detailOf(id, false)!;
        audit(actor, 'flood_event_restored', 'flood_event', String(id), { after: snapshotOf(after) });
        return after;
      })();
    },
    async eventHistory(id) {
      return toHistory(db.prepare(FLOOD_SQL.history).all({ id: String(id) }) as HistoryRow[]);
    },
    async livePoint(id) {
      return (db.prepare(FLOOD_SQL.livePoint).get({ id }) as { id: number; event_id: number } | undefined) ?? null;
    },
    async addPointPhoto(pointId, photo, actor) {
      return db.transaction(() => {
        const now = stampNow();
        const result = db.prepare(FLOOD_SQL.insertPhoto).run({ pointId, ...photo, now, by: actor.username });
        const created = {
          id: String(result.lastInsertRowid),
          width: photo.width,
          height: photo.height,
          createdAt: now,
        };
        audit(actor, 'flood_point_photo_added', 'waterlogging_point', String(pointId), { photo: created });
        return created;
      })();
    },
    async pointPhotoKey(photoId) {
      return (
        (db.prepare(FLOOD_SQL.photoKey).get({ id: photoId }) as { storage_key: string } | undefined)?.storage_key ??
        null
      );
    },
    async listEvents(zoneId, deleted = false) {
      const live = deleted ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL';
      return zoneId === undefined
        ? eventSummaries(`WHERE ${live}`, [])
        : eventSummaries(
            `WHERE ${live} AND e.id IN (SELECT event_id FROM waterlogging_points WHERE zone_id = ? AND deleted_at IS NULL)`,
            [zoneId],
          );
    },
    async listPoints() {
      return (db.prepare(FLOOD_SQL.points).all() as PointRow[]).map(toPoint);
    },
    async frequency() {
      return (db.prepare(FLOOD_SQL.frequency).all() as FrequencyRow[]).map(toFrequency);
    },
  };
}
