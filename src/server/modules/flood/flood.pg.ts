import type { PgDb } from '../../platform/db/pg/pool';
import { stampNow } from '../../platform/clock';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { RecordAuditIn } from '../../platform/audit';
import type { FloodEvent, FloodEventDetail } from '../../../shared/flood/flood';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import type { FloodRepository } from './flood.repo';
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

const PROFILE_COLUMNS = `zone_id, risk_level, max_depth_cm, typical_duration_hours, affected_households, cause,
  drainage_measures, version, updated_at, updated_by`;

/**
 * Events with their points summed up. SQLite's `group_concat(DISTINCT p.zone_id)` lists the areas in the order
 * their points were first written; here the same order is spelled out (first point id per area).
 */
const eventSummaries = (where: string) => `
  SELECT e.id, e.occurred_on, e.rainfall_mm, e.notes, count(p.id) AS point_count, max(p.depth_cm) AS max_depth,
         (SELECT string_agg(s.zone_id::text, ',' ORDER BY s.first_id)
            FROM (SELECT w.zone_id, min(w.id) AS first_id FROM waterlogging_points w
                   WHERE w.event_id = e.id AND w.zone_id IS NOT NULL AND w.deleted_at IS NULL
                   GROUP BY w.zone_id) s) AS zone_ids,
         e.version, e.deleted_at
  FROM flood_events e LEFT JOIN waterlogging_points p ON p.event_id = e.id AND p.deleted_at IS NULL
  ${where} GROUP BY e.id ORDER BY e.occurred_on DESC, e.id DESC`;

/** The PostgreSQL flood repository (flood.repo.ts is the SQLite one); zones' boxes are PostGIS's GiST index. */
export function createFloodPgRepository(db: PgDb, recordAudit: RecordAuditIn): FloodRepository {
  const profileOf = async (tx: PgQueryable, zoneId: number, lock = '') =>
    (
      await pgRows<ProfileRow>(tx, `SELECT ${PROFILE_COLUMNS} FROM flood_profiles WHERE zone_id = @zoneId${lock}`, {
        zoneId,
      })
    )[0];

  /** One event with its points and their photos. */
  const detailOf = async (tx: PgQueryable, id: number, includeDeleted: boolean): Promise<FloodEventDetail | null> => {
    const [event] = await pgRows<EventRow>(
      tx,
      eventSummaries(includeDeleted ? 'WHERE e.id = @id' : 'WHERE e.id = @id AND e.deleted_at IS NULL'),
      { id },
    );
    if (!event) return null;
    return toEventDetail(
      toEvent(event),
      await pgRows<EventPointRow>(tx, FLOOD_SQL.eventPoints, { eventId: id }),
      await pgRows<PointPhotoRow>(tx, FLOOD_SQL.eventPhotos, { eventId: id }),
    );
  };
  /** The flood-prone area each point falls in: zones whose box holds it (GiST), then the exact shape. */
  const zonesOf = async (tx: PgQueryable, points: readonly { coordinates: readonly [number, number] }[]) => {
    // turf is loaded when first needed, not at start-up (docs/architecture.md).
    const { booleanPointInPolygon } = await import('@turf/turf');
    const found = new Map<string, number | null>();
    for (const { coordinates } of points) {
      const [lon, lat] = coordinates;
      const candidates = await pgRows<{ id: number; geometry_json: string }>(
        tx,
        `SELECT z.id, z.geometry_json FROM zones z
         WHERE z.geom && ST_SetSRID(ST_MakePoint(@lon::float8, @lat::float8), 4326)
           AND z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL ORDER BY z.id`,
        { lon, lat },
      );
      found.set(`${lon},${lat}`, areaHolding(candidates, lon, lat, booleanPointInPolygon)?.id ?? null);
    }
    return (lon: number, lat: number) => found.get(`${lon},${lat}`) ?? null;
  };

  return {
    async getProfile(zoneId) {
      const row = await profileOf(db, zoneId);
      return row ? toProfile(row) : null;
    },

    async putProfile(zoneId, body, expectedVersion, actor) {
      return db.transaction(async (tx) => {
        const before = await profileOf(tx, zoneId, ' FOR UPDATE');
        if ((before?.version ?? null) !== expectedVersion) return null;
        const params = { zoneId, ...body, now: stampNow(), by: actor.username, expectedVersion };
        // The version check is the statement itself: a second creation finds the row (DO NOTHING), a change
        // matches only the version it expects. No row written: someone else wrote first, and nothing is audited.
        const [written] =
          expectedVersion === null
            ? await pgRows<ProfileRow>(
                tx,
                `INSERT INTO flood_profiles (${PROFILE_COLUMNS})
                 VALUES (@zoneId, @riskLevel, @maxDepthCm, @typicalDurationHours, @affectedHouseholds, @cause,
                         @drainageMeasures, 1, @now, @by)
                 ON CONFLICT (zone_id) DO NOTHING RETURNING ${PROFILE_COLUMNS}`,
                params,
              )
            : await pgRows<ProfileRow>(
                tx,
                `UPDATE flood_profiles SET risk_level = @riskLevel, max_depth_cm = @maxDepthCm,
                   typical_duration_hours = @typicalDurationHours, affected_households = @affectedHouseholds,
                   cause = @cause, drainage_measures = @drainageMeasures, version = version + 1, updated_at = @now,
                   updated_by = @by
                 WHERE zone_id = @zoneId AND version = @expectedVersion RETURNING ${PROFILE_COLUMNS}`,
                params,
              );
        if (!written) return null;
        const after = toProfile(written);
        await recordAudit(
          tx,
          floodAudit(actor, before ? 'flood_profile_updated' : 'flood_profile_created', 'zone', String(zoneId), {
            before: before ? toProfile(before) : null,
            after,
          }),
        );
        return after;
      });
    },

    async listFacilities(zoneId) {
      return (await pgRows<FacilityRow>(db, FLOOD_SQL.facilities, { zoneId })).map(toFacility);
    },

    async addFacility(zoneId, facility, actor) {
      return db.transaction(async (tx) => {
        const now = stampNow();
        const [row] = await pgRows<{ id: number }>(
          tx,
          `INSERT INTO flood_facilities (zone_id, component_code, name, geometry_json, created_at, created_by)
           VALUES (@zoneId, @code, @name, @geometry, @now, @by) RETURNING id`,
          {
            zoneId,
            code: facility.componentCode,
            name: facility.name,
            geometry: JSON.stringify(facility.geometry),
            now,
            by: actor.username,
          },
        );
        const created = { id: String(row!.id), zoneId: String(zoneId), ...facility, createdAt: now };
        await recordAudit(tx, floodAudit(actor, 'flood_facility_created', 'zone', String(zoneId), { after: created }));
        return created;
      });
    },

    async createEvent(body, actor) {
      return db.transaction(async (tx) => {
        const now = stampNow();
        const [event] = await pgRows<{ id: number }>(
          tx,
          `INSERT INTO flood_events (occurred_on, rainfall_mm, notes, created_at, created_by)
           VALUES (@occurredOn, @rainfallMm, @notes, @now, @by) RETURNING id`,
          {
            occurredOn: body.occurredOn,
            rainfallMm: body.rainfallMm,
            notes: body.notes ?? '',
            now,
            by: actor.username,
          },
        );
        const eventId = event!.id;
        const zoneOf = await zonesOf(tx, body.points);
        for (const point of body.points) await pgRows(tx, FLOOD_SQL.insertPoint, pointParams(eventId, point, zoneOf));
        const [created] = (await pgRows<EventRow>(tx, eventSummaries('WHERE e.id = @eventId'), { eventId })).map(
          toEvent,
        );
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_event_created', 'flood_event', String(eventId), { after: created }),
        );
        return created as FloodEvent;
      });
    },

    async getEvent(id, includeDeleted = false) {
      return detailOf(db, id, includeDeleted);
    },

    async updateEvent(id, body, expectedVersion, actor) {
      return db.transaction(async (tx) => {
        const before = await detailOf(tx, id, false);
        const written = await pgRows<{ id: number }>(tx, `${FLOOD_SQL.updateEvent} RETURNING id`, {
          id,
          expectedVersion,
          occurredOn: body.occurredOn,
          rainfallMm: body.rainfallMm,
          notes: body.notes ?? '',
        });
        if (!before || written.length !== 1) return null;
        const plan = planPoints(
          before.points.map((point) => point.id),
          body.points,
        );
        const zoneOf = await zonesOf(tx, [...plan.changed, ...plan.added]);
        for (const point of plan.changed) {
          await pgRows(tx, FLOOD_SQL.updatePoint, { ...pointParams(id, point, zoneOf), id: Number(point.id) });
        }
        for (const point of plan.added) await pgRows(tx, FLOOD_SQL.insertPoint, pointParams(id, point, zoneOf));
        const now = stampNow();
        for (const pointId of plan.removed) {
          await pgRows(tx, FLOOD_SQL.removePoint, { id: Number(pointId), eventId: id, now });
        }
        const after = (await detailOf(tx, id, false))!;
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_event_updated', 'flood_event', String(id), {
            before: snapshotOf(before),
            after: snapshotOf(after),
          }),
        );
        return after;
      });
    },

    async deleteEvent(id, expectedVersion, actor) {
      return db.transaction(async (tx) => {
        const before = await detailOf(tx, id, false);
        const written = await pgRows(tx, `${FLOOD_SQL.deleteEvent} RETURNING id`, {
          id,
          expectedVersion,
          now: stampNow(),
        });
        if (!before || written.length !== 1) return false;
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_event_deleted', 'flood_event', String(id), { before: snapshotOf(before) }),
        );
        return true;
      });
    },

    async restoreEvent(id, expectedVersion, actor) {
      return db.transaction(async (tx) => {
        const written = await pgRows(tx, `${FLOOD_SQL.restoreEvent} RETURNING id`, { id, expectedVersion });
        if (written.length !== 1) return null;
        const after = (await detailOf(tx, id, false))!;
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_event_restored', 'flood_event', String(id), { after: snapshotOf(after) }),
        );
        return after;
      });
    },

    async eventHistory(id) {
      return toHistory(await pgRows<HistoryRow>(db, FLOOD_SQL.history, { id: String(id) }));
    },

    async livePoint(id) {
      return (await pgRows<{ id: number; event_id: number }>(db, FLOOD_SQL.livePoint, { id }))[0] ?? null;
    },

    async addPointPhoto(pointId, photo, actor) {
      return db.transaction(async (tx) => {
        const now = stampNow();
        const [row] = await pgRows<{ id: number }>(tx, `${FLOOD_SQL.insertPhoto} RETURNING id`, {
          pointId,
          ...photo,
          now,
          by: actor.username,
        });
        const created = { id: String(row!.id), width: photo.width, height: photo.height, createdAt: now };
        await recordAudit(
          tx,
          floodAudit(actor, 'flood_point_photo_added', 'waterlogging_point', String(pointId), { photo: created }),
        );
        return created;
      });
    },

    async pointPhotoKey(photoId) {
      return (await pgRows<{ storage_key: string }>(db, FLOOD_SQL.photoKey, { id: photoId }))[0]?.storage_key ?? null;
    },

    async listEvents(zoneId, deleted = false) {
      const live = deleted ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL';
      const found =
        zoneId === undefined
          ? await pgRows<EventRow>(db, eventSummaries(`WHERE ${live}`))
          : await pgRows<EventRow>(
              db,
              eventSummaries(
                `WHERE ${live} AND e.id IN (SELECT event_id FROM waterlogging_points WHERE zone_id = @zoneId AND deleted_at IS NULL)`,
              ),
              { zoneId },
            );
      return found.map(toEvent);
    },

    async listPoints() {
      return (await pgRows<PointRow>(db, FLOOD_SQL.points)).map(toPoint);
    },

    async frequency() {
      return (await pgRows<FrequencyRow>(db, FLOOD_SQL.frequency)).map(toFrequency);
    },
  };
}
