import type { PgDb } from '../../platform/db/pg/pool';
import { stampNow } from '../../platform/clock';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { RecordAuditIn } from '../../platform/audit';
import type { FloodEvent } from '../../../shared/flood/flood';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import type { FloodRepository } from './flood.repo';
import {
  areaHolding,
  FLOOD_SQL,
  floodAudit,
  toEvent,
  toFacility,
  toFrequency,
  toPoint,
  toProfile,
  type EventRow,
  type FacilityRow,
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
                   WHERE w.event_id = e.id AND w.zone_id IS NOT NULL GROUP BY w.zone_id) s) AS zone_ids
  FROM flood_events e LEFT JOIN waterlogging_points p ON p.event_id = e.id
  ${where} GROUP BY e.id ORDER BY e.occurred_on DESC, e.id DESC`;

/** The PostgreSQL flood repository (flood.repo.ts is the SQLite one); zones' boxes are PostGIS's GiST index. */
export function createFloodPgRepository(db: PgDb, recordAudit: RecordAuditIn): FloodRepository {
  const profileOf = async (tx: PgQueryable, zoneId: number, lock = '') =>
    (
      await pgRows<ProfileRow>(tx, `SELECT ${PROFILE_COLUMNS} FROM flood_profiles WHERE zone_id = @zoneId${lock}`, {
        zoneId,
      })
    )[0];

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
      // turf is loaded when first needed, not at start-up (docs/architecture.md).
      const { booleanPointInPolygon } = await import('@turf/turf');
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
        for (const point of body.points) {
          const [lon, lat] = point.coordinates;
          // The zones whose box holds the point (GiST, in place of SQLite's zones_rtree), then the exact shape.
          const candidates = await pgRows<{ id: number; geometry_json: string }>(
            tx,
            `SELECT z.id, z.geometry_json FROM zones z
             WHERE z.geom && ST_SetSRID(ST_MakePoint(@lon::float8, @lat::float8), 4326)
               AND z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL ORDER BY z.id`,
            { lon, lat },
          );
          const zone = areaHolding(candidates, lon, lat, booleanPointInPolygon);
          await pgRows(
            tx,
            `INSERT INTO waterlogging_points (event_id, zone_id, lon, lat, depth_cm, observed_at, notes)
             VALUES (@eventId, @zoneId, @lon, @lat, @depthCm, @observedAt, @notes)`,
            {
              eventId,
              zoneId: zone?.id ?? null,
              lon,
              lat,
              depthCm: point.depthCm,
              observedAt: point.observedAt ?? null,
              notes: point.notes ?? '',
            },
          );
        }
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

    async listEvents(zoneId) {
      const found =
        zoneId === undefined
          ? await pgRows<EventRow>(db, eventSummaries(''))
          : await pgRows<EventRow>(
              db,
              eventSummaries('WHERE e.id IN (SELECT event_id FROM waterlogging_points WHERE zone_id = @zoneId)'),
              { zoneId },
            );
      return found.map(toEvent);
    },

    async listPoints() {
      return (await pgRows<PointRow>(db, FLOOD_SQL.points)).map(toPoint);
    },

    async frequency() {
      return (
        await pgRows<FrequencyRow>(
          db,
          `SELECT z.id, z.name, count(DISTINCT p.event_id) AS events, max(p.depth_cm) AS max_depth,
                  max(e.occurred_on) AS last_on,
                  (SELECT fp.risk_level FROM flood_profiles fp WHERE fp.zone_id = z.id) AS risk_level
           FROM zones z LEFT JOIN waterlogging_points p ON p.zone_id = z.id LEFT JOIN flood_events e ON e.id = p.event_id
           WHERE z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL GROUP BY z.id ORDER BY events DESC, z.id`,
        )
      ).map(toFrequency);
    },
  };
}
