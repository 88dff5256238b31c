import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { QuarterlyCheck, QuarterOverview } from '../../../shared/checks/checks';
import { CHECK_REWORK_NOTE_PREFIX } from '../../../shared/checks/checks';
import type { Answers } from '../../../shared/checklists/checklists';

/** Quarterly checks' rows, mappers and statements, shared by the SQLite and PostgreSQL repositories. */
export interface CheckRow {
  id: number;
  zone_id: number;
  quarter: string;
  checked_on: string;
  passed: number;
  score: number;
  answers_json: string | null;
  findings: string;
  rework_due_date: string | null;
  photo_ids_json: string;
  checked_by: number;
  checked_by_name: string;
  created_at: string;
}

export const toCheck = (row: CheckRow): QuarterlyCheck => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  quarter: row.quarter,
  checkedOn: row.checked_on,
  passed: row.passed === 1,
  score: row.score,
  answers: row.answers_json === null ? null : (JSON.parse(row.answers_json) as Answers),
  findings: row.findings,
  reworkDueDate: row.rework_due_date,
  photoIds: (JSON.parse(row.photo_ids_json) as unknown[]).map(String),
  checkedBy: String(row.checked_by),
  checkedByName: row.checked_by_name,
  createdAt: row.created_at,
});

const SELECT = `SELECT c.*, coalesce(nullif(u.display_name, ''), u.username) AS checked_by_name
  FROM quarterly_checks c JOIN users u ON u.id = c.checked_by`;

export type CheckOfQuarterRow = CheckRow & { zone_name: string; category: string; status: string };

export const toCheckOfQuarter = (row: CheckOfQuarterRow): QuarterOverview['checks'][number] => ({
  ...toCheck(row),
  zoneName: row.zone_name,
  zoneCategory: row.category,
  zoneStatus: row.status,
});

export const toUnchecked = (row: {
  id: number;
  name: string;
  category: string;
  status: string;
}): QuarterOverview['unchecked'][number] => ({
  zoneId: String(row.id),
  zoneName: row.name,
  zoneCategory: row.category,
  zoneStatus: row.status,
});

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const CHECK_SQL = {
  ofZone: `${SELECT} WHERE c.zone_id = @zoneId ORDER BY c.quarter DESC, c.id DESC`,
  byZoneAndQuarter: `${SELECT} WHERE c.zone_id = @zoneId AND c.quarter = @quarter`,
  byId: `${SELECT} WHERE c.id = @id`,
  /** One per zone and quarter, decided by the unique key: no row back when the quarter is already checked. */
  insert: `INSERT INTO quarterly_checks (zone_id, quarter, checked_on, passed, score, answers_json, findings,
                                         rework_due_date, photo_ids_json, checked_by, created_at)
           VALUES (@zoneId, @quarter, @checkedOn, @passed, @score, @answers, @findings, @reworkDue, @photoIds,
                   @checkedBy, @createdAt)
           ON CONFLICT (zone_id, quarter) DO NOTHING
           RETURNING id`,
  checkedOfQuarter: `SELECT c.*, coalesce(nullif(u.display_name, ''), u.username) AS checked_by_name,
                            z.name AS zone_name, z.category, z.status
                     FROM quarterly_checks c JOIN users u ON u.id = c.checked_by JOIN zones z ON z.id = c.zone_id
                     WHERE c.quarter = @quarter ORDER BY z.category, z.name, z.id`,
  uncheckedOfQuarter: `SELECT z.id, z.name, z.category, z.status FROM zones z
                       WHERE z.deleted_at IS NULL
                         AND NOT EXISTS (SELECT 1 FROM quarterly_checks c WHERE c.zone_id = z.id AND c.quarter = @quarter)
                       ORDER BY z.category, z.name, z.id`,
};

/** What a failed check sends back to rework (the note, thread data and due date); null for a passed one. */
export function reworkOfCheck(
  check: QuarterlyCheck,
): { note: string; data: Record<string, unknown>; dueDate: string | undefined } | null {
  if (check.passed) return null;
  return {
    note: `${CHECK_REWORK_NOTE_PREFIX}${check.findings}`,
    data: { quarterlyCheck: check.id, quarter: check.quarter, reworkDueDate: check.reworkDueDate },
    dueDate: check.reworkDueDate ?? undefined,
  };
}

export const checkAudit = (check: QuarterlyCheck, reworkedTaskIds: string[], actor: Actor): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action: 'quarterly_check_recorded',
  targetType: 'zone',
  targetId: check.zoneId,
  outcome: 'ok',
  detail: { after: check, reworkedTaskIds },
});
