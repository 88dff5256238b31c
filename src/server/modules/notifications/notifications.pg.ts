import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import { createNotificationRepository, type NotificationRepository } from './notifications.rows';

/** The PostgreSQL notifications repository (notifications.repo.ts is the SQLite one). */
export function createNotificationPgRepository(db: PgDb): NotificationRepository {
  return createNotificationRepository({
    all: (sql, params = {}) => pgRows(db, sql, params),
    async run(sql, params = {}) {
      const { text, values } = named(sql, params);
      return (await db.query(text, values)).rowCount ?? 0;
    },
    async batch(statements) {
      return db.transaction(async (tx) => {
        const changed: number[] = [];
        for (const [sql, params] of statements) {
          const { text, values } = named(sql, params);
          changed.push((await tx.query(text, values)).rowCount ?? 0);
        }
        return changed;
      });
    },
  });
}
