import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { AuditEntry } from '../../../shared/admin/auth';

export type { NewAuditEntry };

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  /** Inclusive UTC instants (ISO). */
  fromInstant?: string;
  toInstant?: string;
  limit: number;
  offset: number;
}

export interface AuditRepository {
  /** Append one entry (the table refuses updates and deletes). */
  record(entry: NewAuditEntry): Promise<void>;
  /** Synchronous variant for use inside a write's own transaction. */
  recordSync(entry: NewAuditEntry): void;
  list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }>;
}

interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditEntry['outcome'];
  ip: string | null;
  detail_json: string | null;
}

export function createAuditRepository(db: Db): AuditRepository {
  const insert = db.prepare(`
    INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, ip, detail_json)
    VALUES (@at, @actorId, @actorUsername, @action, @targetType, @targetId, @outcome, @ip, @detail)`);
  const recordSync = (entry: NewAuditEntry) => {
    insert.run({
      at: new Date().toISOString(),
      actorId: entry.actorId === null ? null : Number(entry.actorId),
      actorUsername: entry.actorUsername,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    });
  };
  return {
    recordSync,
    async record(entry) {
      recordSync(entry);
    },
    async list(filter) {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (filter.actor) {
        where.push('actor_username = @actor');
        params.actor = filter.actor;
      }
      if (filter.action) {
        where.push('action = @action');
        params.action = filter.action;
      }
      if (filter.outcome) {
        where.push('outcome = @outcome');
        params.outcome = filter.outcome;
      }
      if (filter.fromInstant) {
        where.push('at >= @from');
        params.from = filter.fromInstant;
      }
      if (filter.toInstant) {
        where.push('at < @to');
        params.to = filter.toInstant;
      }
      const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM audit_log${clause}`).get(params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM audit_log${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: filter.limit, offset: filter.offset }) as AuditRow[];
      return {
        total,
        entries: rows.map((row) => ({
          id: String(row.id),
          at: row.at,
          actorId: row.actor_user_id === null ? null : String(row.actor_user_id),
          actorUsername: row.actor_username,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          outcome: row.outcome,
          ip: row.ip,
          detail: row.detail_json ? (JSON.parse(row.detail_json) as Record<string, unknown>) : null,
        })),
      };
    },
  };
}
