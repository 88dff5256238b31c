import type { NewAuditEntry } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { AuditEntry } from '../../../shared/admin/audit';

export interface AuditFilter {
  /** A username, or part of a person's name. */
  actor?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  targetType?: string;
  /** Part of a zone's name or a task's title. */
  target?: string;
  /** The acting person's unit. */
  unit?: string;
  /** Inclusive UTC instants (ISO). */
  fromInstant?: string;
  toInstant?: string;
  /** Only entries up to this id: pages of one export stay the same while new entries arrive. */
  untilId?: number;
  limit: number;
  offset: number;
}

/** A row of the audit listing, the statements and filters both audit repositories (SQLite, PostgreSQL) share. */
export interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_name: string | null;
  actor_unit: string | null;
  target_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditEntry['outcome'];
  ip: string | null;
  detail_json: string | null;
  tally_count: number | null;
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const AUDIT_SQL = {
  insert: `
    INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, ip, detail_json)
    VALUES (@at, @actorId, @actorUsername, @action, @targetType, @targetId, @outcome, @ip, @detail)`,
  /** One page of entries, newest first, with who and what they name. */
  page: (clause: string) => `SELECT a.*, t.count AS tally_count,
           (SELECT nullif(u.display_name, '') FROM users u WHERE u.id = a.actor_user_id) AS actor_name,
           (SELECT u.unit_id FROM users u WHERE u.id = a.actor_user_id) AS actor_unit,
           CASE a.target_type
             WHEN 'zone' THEN (SELECT z.name FROM zones z WHERE CAST(z.id AS TEXT) = a.target_id)
             WHEN 'task' THEN (SELECT k.title FROM tasks k WHERE CAST(k.id AS TEXT) = a.target_id)
             WHEN 'case' THEN (SELECT c.case_no FROM cases c WHERE CAST(c.id AS TEXT) = a.target_id)
             WHEN 'user' THEN (SELECT nullif(u.display_name, '') FROM users u WHERE CAST(u.id AS TEXT) = a.target_id)
           END AS target_name
    FROM audit_log a LEFT JOIN audit_denial_tally t ON t.audit_id = a.id
    ${clause} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
};

export function auditParams(entry: NewAuditEntry): Record<string, unknown> {
  return {
    at: stampNow(),
    actorId: entry.actorId === null ? null : Number(entry.actorId),
    actorUsername: entry.actorUsername,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome,
    ip: entry.ip ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
}

/**
 * The WHERE terms of an audit listing. `position` is the engine's substring-position function (SQLite `instr`,
 * PostgreSQL `strpos`; both take the text first).
 */
export function auditFilterSql(
  filter: AuditFilter,
  position: 'instr' | 'strpos',
): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.actor) {
    where.push(`(a.actor_username = @actor OR a.actor_user_id IN
      (SELECT u.id FROM users u WHERE ${position}(u.display_name, @actor) > 0))`);
    params.actor = filter.actor;
  }
  if (filter.targetType) {
    where.push('a.target_type = @targetType');
    params.targetType = filter.targetType;
  }
  if (filter.target) {
    where.push(`((a.target_type = 'zone' AND a.target_id IN
                  (SELECT CAST(z.id AS TEXT) FROM zones z WHERE ${position}(z.name, @target) > 0))
              OR (a.target_type = 'task' AND a.target_id IN
                  (SELECT CAST(k.id AS TEXT) FROM tasks k WHERE ${position}(k.title, @target) > 0)))`);
    params.target = filter.target;
  }
  if (filter.unit) {
    where.push('a.actor_user_id IN (SELECT u.id FROM users u WHERE u.unit_id = @unit)');
    params.unit = filter.unit;
  }
  if (filter.action) {
    where.push('a.action = @action');
    params.action = filter.action;
  }
  if (filter.outcome) {
    where.push('a.outcome = @outcome');
    params.outcome = filter.outcome;
  }
  if (filter.fromInstant) {
    where.push('a.at >= @from');
    params.from = filter.fromInstant;
  }
  if (filter.toInstant) {
    where.push('a.at < @to');
    params.to = filter.toInstant;
  }
  if (filter.untilId !== undefined) {
    where.push('a.id <= @untilId');
    params.untilId = filter.untilId;
  }
  return { where, params };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at,
    actorId: row.actor_user_id === null ? null : String(row.actor_user_id),
    actorUsername: row.actor_username,
    actorName: row.actor_name ?? row.actor_username,
    actorUnit: row.actor_unit,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    targetName: row.target_name,
    outcome: row.outcome,
    ip: row.ip,
    detail: withTally(row),
  };
}

/** The stored detail; a tallied entry also carries how many requests it stands for. */
function withTally(row: AuditRow): Record<string, unknown> | null {
  const detail = row.detail_json ? (JSON.parse(row.detail_json) as Record<string, unknown>) : null;
  return row.tally_count === null ? detail : { ...detail, count: row.tally_count };
}
