import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { Answers } from '../../../shared/checklists/checklists';
import type { InspectionOverview, MonthlyInspection } from '../../../shared/checklists/inspections';

/** Monthly self-inspections' rows, mappers, statements and the overview's planning, shared by both engines. */
export interface InspectionRow {
  id: number;
  zone_id: number;
  item_code: string;
  month: string;
  unit_id: string | null;
  inspected_by: number;
  inspected_by_name: string;
  answers_json: string;
  score: number;
  note: string;
  photo_ids_json: string;
  created_at: string;
  version: number;
}

export const toInspection = (row: InspectionRow): MonthlyInspection => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  itemCode: row.item_code,
  month: row.month,
  unitId: row.unit_id,
  inspectedBy: String(row.inspected_by),
  inspectedByName: row.inspected_by_name,
  answers: JSON.parse(row.answers_json) as Answers,
  score: row.score,
  note: row.note,
  photoIds: (JSON.parse(row.photo_ids_json) as unknown[]).map(String),
  createdAt: row.created_at,
  version: row.version,
});

export type InspectionOfMonthRow = InspectionRow & { zone_name: string; category: string };
export interface ZoneOfItemRow {
  id: number;
  name: string;
  category: string;
}

const SELECT = `SELECT i.*, coalesce(nullif(u.display_name, ''), u.username) AS inspected_by_name
  FROM monthly_inspections i JOIN users u ON u.id = i.inspected_by`;

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const INSPECTION_SQL = {
  ofZone: `${SELECT} WHERE i.zone_id = @zoneId ORDER BY i.month DESC, i.id DESC`,
  byZoneAndMonth: `${SELECT} WHERE i.zone_id = @zoneId AND i.month = @month`,
  byId: `${SELECT} WHERE i.id = @id`,
  /** One per zone and month, decided by the unique key: no row back when the month is already inspected. */
  insert: `INSERT INTO monthly_inspections (zone_id, item_code, month, unit_id, inspected_by, answers_json, score, note,
                                            photo_ids_json, created_at)
           VALUES (@zoneId, @itemCode, @month, @unitId, @inspectedBy, @answers, @score, @note, @photoIds, @createdAt)
           ON CONFLICT (zone_id, month) DO NOTHING
           RETURNING id`,
  ofMonth: `SELECT i.*, coalesce(nullif(u.display_name, ''), u.username) AS inspected_by_name,
                   z.name AS zone_name, z.category
            FROM monthly_inspections i JOIN users u ON u.id = i.inspected_by JOIN zones z ON z.id = i.zone_id
            WHERE i.month = @month AND z.deleted_at IS NULL ORDER BY z.category, z.name, z.id`,
  zones: `SELECT z.id, z.name, z.category FROM zones z WHERE z.deleted_at IS NULL ORDER BY z.category, z.name, z.id`,
};

/**
 * The month's overview of the zones of `items` (the items the unit leads that have a checklist): their
 * inspections this month and the zones not yet inspected.
 */
export function planOverview(
  month: string,
  unit: string | null,
  items: readonly string[],
  inspected: InspectionOfMonthRow[],
  zones: ZoneOfItemRow[],
): InspectionOverview {
  const wanted = new Set(items);
  const done = new Set(inspected.map((row) => row.zone_id));
  return {
    month,
    unit,
    inspections: inspected
      .filter((row) => wanted.has(row.category))
      .map((row) => ({ ...toInspection(row), zoneName: row.zone_name, zoneCategory: row.category })),
    uninspected: zones
      .filter((zone) => wanted.has(zone.category) && !done.has(zone.id))
      .map((zone) => ({ zoneId: String(zone.id), zoneName: zone.name, zoneCategory: zone.category })),
  };
}

export const inspectionAudit = (inspection: MonthlyInspection, actor: Actor): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action: 'monthly_inspection_recorded',
  targetType: 'zone',
  targetId: inspection.zoneId,
  outcome: 'ok',
  detail: { after: inspection },
});

/** What the repository stores for a new inspection (the route has validated and scored it). */
export interface NewInspection {
  zoneId: number;
  itemCode: string;
  month: string;
  unitId: string | null;
  answers: Answers;
  score: number;
  note: string;
  photoIds: string[];
}

export const insertParams = (input: NewInspection, actor: Actor, createdAt: string) => ({
  zoneId: input.zoneId,
  itemCode: input.itemCode,
  month: input.month,
  unitId: input.unitId,
  inspectedBy: Number(actor.id),
  answers: JSON.stringify(input.answers),
  score: input.score,
  note: input.note,
  photoIds: JSON.stringify(input.photoIds.map(Number)),
  createdAt,
});
