import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { AuditTally, NewAuditEntry } from '../../platform/audit';
import type { AuditEntry } from '../../../shared/admin/audit';
import { AUDIT_SQL, auditFilterSql, auditParams, toAuditEntry, type AuditFilter, type AuditRow } from './audit.rows';

export type { AuditFilter };

export type { NewAuditEntry };

export interface AuditRepository {
  /** Append one entry (the table refuses updates and deletes). */
  record(entry: NewAuditEntry): Promise<void>;
  /**
   * Count an entry under its tally (address, route, minute): the first of a tally is appended to the
   * log, the rest only raise its count, which the listing shows as `detail.count`.
   */
  tally(entry: NewAuditEntry, tally: AuditTally): Promise<void>;
  list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }>;
}

/** The SQLite audit repository, with the synchronous append the other SQLite repositories call inside their own transaction. */
export interface SqliteAuditRepository extends AuditRepository {
  recordSync(entry: NewAuditEntry): void;
}

export function createAuditRepository(db: Db): SqliteAuditRepository {
  const insert = db.prepare(AUDIT_SQL.insert);
  const insertEntry = (entry: NewAuditEntry) => insert.run(auditParams(entry));
  const recordSync = (entry: NewAuditEntry) => {
    insertEntry(entry);
  };
  const count = db.prepare<[string, string, string, string], { count: number }>(
    `INSERT INTO audit_denial_tally (window_start, ip, route, count, last_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (window_start, ip, route) DO UPDATE SET count = audit_denial_tally.count + 1, last_at = excluded.last_at
     RETURNING count`,
  );
  const link = db.prepare('UPDATE audit_denial_tally SET audit_id = ? WHERE window_start = ? AND ip = ? AND route = ?');
  const tally = db.transaction((entry: NewAuditEntry, key: AuditTally) => {
    const { windowStart, ip, route } = key;
    if (count.get(windowStart, ip, route, stampNow())!.count > 1) return;
    const id = Number(insertEntry(entry).lastInsertRowid);
    link.run(id, windowStart, ip, route);
  });
  return {
    recordSync,
    async tally(entry, key) {
      tally(entry, key);
    },
    async record(entry) {
      recordSync(entry);
    },
    async list(filter) {
      const { where, params } = auditFilterSql(filter, 'instr');
      const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM audit_log a${clause}`).get(params) as { n: number }).n;
      const rows = db
        .prepare(AUDIT_SQL.page(clause))
        .all({ ...params, limit: filter.limit, offset: filter.offset }) as AuditRow[];
      return {
        total,
        entries: rows.map(toAuditEntry),
      };
    },
  };
}
