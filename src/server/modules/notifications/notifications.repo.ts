import type { Statement as SqliteStatement } from 'better-sqlite3';
import type { Db } from '../../platform/db/connection';
import { createNotificationRepository, type NotificationRepository, type Params } from './notifications.rows';

/** Only the parameters a statement names (better-sqlite3 binds named parameters from a plain object). */
function bound(sql: string, params: Params = {}): Params {
  const names = new Set([...sql.matchAll(/@([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!));
  return Object.fromEntries(Object.entries(params).filter(([name]) => names.has(name)));
}

/** The SQLite notifications repository (notifications.pg.ts is the PostgreSQL one; both share notifications.rows.ts). */
export function createNotificationSqliteRepository(db: Db): NotificationRepository {
  const cache = new Map<string, SqliteStatement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return createNotificationRepository({
    async all<Row>(sql: string, params?: Params) {
      return prepare(sql).all(bound(sql, params)) as Row[];
    },
    async run(sql, params) {
      return prepare(sql).run(bound(sql, params)).changes;
    },
    async batch(statements) {
      return db.transaction(() => statements.map(([sql, params]) => prepare(sql).run(bound(sql, params)).changes))();
    },
  });
}
