import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { InspectionOverview, MonthlyInspection } from '../../../shared/checklists/inspections';
import {
  inspectionAudit,
  INSPECTION_SQL,
  insertParams,
  planOverview,
  toInspection,
  type InspectionOfMonthRow,
  type InspectionRow,
  type NewInspection,
  type ZoneOfItemRow,
} from './inspections.rows';

export type CreateInspectionResult =
  | { ok: true; inspection: MonthlyInspection }
  | { ok: false; reason: 'duplicate'; existing: MonthlyInspection }
  | { ok: false; reason: 'foreign-photos'; photoIds: string[] };

/** 月度自查: one inspection per zone and month. */
export interface InspectionRepository {
  /** The zone's inspections, newest month first. */
  listOfZone(zoneId: number): Promise<MonthlyInspection[]>;
  /** The month's inspections and not yet inspected zones (not deleted) of `items`. */
  overview(month: string, unit: string | null, items: readonly string[]): Promise<InspectionOverview>;
  /** Record an inspection with its audit entry; refused when the month is inspected or a photo is not the zone's. */
  create(input: NewInspection, actor: Actor): Promise<CreateInspectionResult>;
}

/** The SQLite inspection repository (inspections.pg.ts is the PostgreSQL one). */
export function createInspectionRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): InspectionRepository {
  const ofZone = db.prepare<{ zoneId: number }, InspectionRow>(INSPECTION_SQL.ofZone);
  const byZoneAndMonth = db.prepare<{ zoneId: number; month: string }, InspectionRow>(INSPECTION_SQL.byZoneAndMonth);
  const byId = db.prepare<{ id: number }, InspectionRow>(INSPECTION_SQL.byId);
  const insert = db.prepare<Record<string, unknown>, { id: number }>(INSPECTION_SQL.insert);
  const ofMonth = db.prepare<{ month: string }, InspectionOfMonthRow>(INSPECTION_SQL.ofMonth);
  const zones = db.prepare<[], ZoneOfItemRow>(INSPECTION_SQL.zones);
  const photosOfZone = db.prepare<[number, string], { id: number }>(
    `SELECT id FROM photos WHERE zone_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  );

  return {
    async listOfZone(zoneId) {
      return ofZone.all({ zoneId }).map(toInspection);
    },

    async overview(month, unit, items) {
      return db.transaction(() => planOverview(month, unit, items, ofMonth.all({ month }), zones.all()))();
    },

    async create(input, actor) {
      return db.transaction((): CreateInspectionResult => {
        const existing = byZoneAndMonth.get({ zoneId: input.zoneId, month: input.month });
        if (existing) return { ok: false, reason: 'duplicate', existing: toInspection(existing) };
        if (input.photoIds.length) {
          const found = new Set(
            photosOfZone.all(input.zoneId, JSON.stringify(input.photoIds.map(Number))).map((row) => row.id),
          );
          const foreign = input.photoIds.filter((id) => !found.has(Number(id)));
          if (foreign.length) return { ok: false, reason: 'foreign-photos', photoIds: foreign };
        }
        const inserted = insert.get(insertParams(input, actor, stampNow()));
        if (!inserted)
          return {
            ok: false,
            reason: 'duplicate',
            existing: toInspection(byZoneAndMonth.get({ zoneId: input.zoneId, month: input.month })!),
          };
        const inspection = toInspection(byId.get({ id: inserted.id })!);
        recordAudit(inspectionAudit(inspection, actor));
        return { ok: true, inspection };
      })();
    },
  };
}
