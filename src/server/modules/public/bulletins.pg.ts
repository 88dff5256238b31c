import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb, type PgTx } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import { PG_DAY_OF } from '../reports';
import type { BulletinFixed, BulletinResidents } from '../../../shared/public/bulletins';
import type { BulletinRepository } from './bulletins.repo';
import {
  actorId,
  bulletinAudit,
  BULLETIN_SQL,
  FIXED_SQL,
  residentsHandledSql,
  toBulletin,
  type BulletinRow,
} from './bulletins.rows';

/** The PostgreSQL bulletins repository (bulletins.repo.ts is the SQLite one). */
export function createBulletinPgRepository(db: PgDb, recordAudit: RecordAuditIn): BulletinRepository {
  const one = async (tx: PgDb | PgTx, id: number) => {
    const [row] = await pgRows<BulletinRow>(tx, BULLETIN_SQL.byId, { id });
    return row ? toBulletin(row) : null;
  };
  const run = async (tx: PgTx, sql: string, params: Record<string, unknown>) => {
    const { text, values } = named(sql, params);
    return (await tx.query(text, values)).rowCount ?? 0;
  };
  return {
    async list(status) {
      return (await pgRows<BulletinRow>(db, BULLETIN_SQL.list, { status })).map(toBulletin);
    },
    async byId(id) {
      return one(db, id);
    },
    async create(draft, actor, now) {
      return db.transaction(async (tx) => {
        const [row] = await pgRows<{ id: number }>(tx, BULLETIN_SQL.insert, {
          month: draft.month,
          title: draft.title,
          text: draft.text,
          items: JSON.stringify(draft.items),
          content: JSON.stringify(draft.content),
          now,
          by: actorId(actor),
        });
        if (!row) return null;
        await recordAudit(tx, bulletinAudit(actor, 'bulletin_created', row.id, { month: draft.month }));
        return one(tx, row.id);
      });
    },
    async update(id, expectedVersion, edit, actor, now) {
      return db.transaction(async (tx) => {
        const params = { id, expectedVersion, title: edit.title, text: edit.text, items: JSON.stringify(edit.items) };
        if ((await run(tx, BULLETIN_SQL.update, { ...params, now, by: actorId(actor) })) !== 1) return null;
        await recordAudit(tx, bulletinAudit(actor, 'bulletin_saved', id));
        return one(tx, id);
      });
    },
    async setPublished(id, expectedVersion, published, actor, now) {
      return db.transaction(async (tx) => {
        const status = published ? 'published' : 'draft';
        const params = { id, expectedVersion, status, publishedAt: published ? now : null, now, by: actorId(actor) };
        if ((await run(tx, BULLETIN_SQL.setStatus, params)) !== 1) return null;
        await recordAudit(tx, bulletinAudit(actor, published ? 'bulletin_published' : 'bulletin_withdrawn', id));
        return one(tx, id);
      });
    },
    async monthFacts(from, to) {
      return db.transaction(async (tx) => ({
        fixed: await pgRows<BulletinFixed>(tx, FIXED_SQL, { from, to }),
        residents: (await pgRows<BulletinResidents>(tx, residentsHandledSql(PG_DAY_OF), { from, to }))[0]!,
      }));
    },
  };
}
