import type { NewAuditEntry } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import type { AuditRepository } from './audit.repo';
import { AUDIT_SQL, auditFilterSql, auditParams, toAuditEntry, type AuditRow } from './audit.rows';

/** Append one audit entry inside the caller's transaction (the PostgreSQL twin of the SQLite `recordSync`). */
export async function recordAuditIn(tx: PgTx, entry: NewAuditEntry): Promise<number> {
  const { text, values } = named(`${AUDIT_SQL.insert} RETURNING id`, auditParams(entry));
  return (await tx.query<{ id: number }>(text, values)).rows[0]!.id;
}

/** The PostgreSQL audit repository (audit.repo.ts is the SQLite one). */
export function createAuditPgRepository(db: PgDb): AuditRepository {
  return {
    async record(entry) {
      await db.transaction((tx) => recordAuditIn(tx, entry));
    },
    async tally(entry, { windowStart, ip, route }) {
      await db.transaction(async (tx) => {
        const counted = await tx.query<{ count: number }>(
          `INSERT INTO audit_denial_tally (window_start, ip, route, count, last_at) VALUES ($1, $2, $3, 1, $4)
           ON CONFLICT (window_start, ip, route) DO UPDATE SET count = audit_denial_tally.count + 1, last_at = excluded.last_at
           RETURNING count`,
          [windowStart, ip, route, stampNow()],
        );
        if (counted.rows[0]!.count > 1) return;
        const id = await recordAuditIn(tx, entry);
        await tx.query(
          'UPDATE audit_denial_tally SET audit_id = $1 WHERE window_start = $2 AND ip = $3 AND route = $4',
          [id, windowStart, ip, route],
        );
      });
    },
    async list(filter) {
      const { where, params } = auditFilterSql(filter, 'strpos');
      const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const count = named(`SELECT count(*) AS n FROM audit_log a${clause}`, params);
      const page = named(AUDIT_SQL.page(clause), { ...params, limit: filter.limit, offset: filter.offset });
      const [total, rows] = await Promise.all([
        db.query<{ n: number }>(count.text, count.values),
        db.query<AuditRow>(page.text, page.values),
      ]);
      return { total: total.rows[0]!.n, entries: rows.rows.map(toAuditEntry) };
    },
  };
}
