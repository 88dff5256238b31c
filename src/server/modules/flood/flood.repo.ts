import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type {
  FloodEvent,
  FloodEventBody,
  FloodFacility,
  FloodProfile,
  FloodProfileBody,
} from '../../../shared/flood/flood';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
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
  listEvents(zoneId?: number): Promise<FloodEvent[]>;
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
                  group_concat(DISTINCT p.zone_id) AS zone_ids
           FROM flood_events e LEFT JOIN waterlogging_points p ON p.event_id = e.id
           ${where} GROUP BY e.id ORDER BY e.occurred_on DESC, e.id DESC`,
        )
        .all(...params) as EventRow[]
    ).map(toEvent);

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
      // turf is loaded when first needed, not at start-up (docs/architecture.md).
      const { booleanPointInPolygon } = await import('@turf/turf');
      return db.transaction(() => {
        const now = stampNow();
        const event = db
          .prepare(
            'INSERT INTO flood_events (occurred_on, rainfall_mm, notes, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
          )
          .run(body.occurredOn, body.rainfallMm, body.notes ?? '', now, actor.username);
        const eventId = Number(event.lastInsertRowid);
        const candidates = db.prepare<[number, number, number, number], { id: number; geometry_json: string }>(
          `SELECT z.id, z.geometry_json FROM zones_rtree r JOIN zones z ON z.id = r.id
           WHERE r.min_lon <= ? AND r.max_lon >= ? AND r.min_lat <= ? AND r.max_lat >= ?
             AND z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL`,
        );
        const insertPoint = db.prepare(
          'INSERT INTO waterlogging_points (event_id, zone_id, lon, lat, depth_cm, observed_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const point of body.points) {
          const [lon, lat] = point.coordinates;
          const zone = areaHolding(candidates.all(lon, lon, lat, lat), lon, lat, booleanPointInPolygon);
          insertPoint.run(
            eventId,
            zone?.id ?? null,
            lon,
            lat,
            point.depthCm,
            point.observedAt ?? null,
            point.notes ?? '',
          );
        }
        const [created] = eventSummaries('WHERE e.id = ?', [eventId]);
        audit(actor, 'flood_event_created', 'flood_event', String(eventId), { after: created });
        return created!;
      })();
    },
    async listEvents(zoneId) {
      return zoneId === undefined
        ? eventSummaries('', [])
        : eventSummaries('WHERE e.id IN (SELECT event_id FROM waterlogging_points WHERE zone_id = ?)', [zoneId]);
    },
    async listPoints() {
      return (db.prepare(FLOOD_SQL.points).all() as PointRow[]).map(toPoint);
    },
    async frequency() {
      return (
        db
          .prepare(
            `SELECT z.id, z.name, count(DISTINCT p.event_id) AS events, max(p.depth_cm) AS max_depth, max(e.occurred_on) AS last_on,
                  (SELECT fp.risk_level FROM flood_profiles fp WHERE fp.zone_id = z.id) AS risk_level
             FROM zones z LEFT JOIN waterlogging_points p ON p.zone_id = z.id LEFT JOIN flood_events e ON e.id = p.event_id
             WHERE z.category = '${FLOOD_ITEM}' AND z.deleted_at IS NULL GROUP BY z.id ORDER BY events DESC, z.id`,
          )
          .all() as FrequencyRow[]
      ).map(toFrequency);
    },
  };
}
