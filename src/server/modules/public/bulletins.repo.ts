import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import { SQLITE_DAY_OF } from '../reports';
import type { Bulletin, BulletinFixed, BulletinResidents } from '../../../shared/public/bulletins';
import {
  actorId,
  bulletinAudit,
  BULLETIN_SQL,
  FIXED_SQL,
  residentsHandledSql,
  toBulletin,
  type BulletinEdit,
  type BulletinRow,
  type MonthFacts,
  type NewBulletin,
} from './bulletins.rows';

/** The monthly 公开通报 (docs/public.md): drafts and published bulletins, and the month's facts they are made from. */
export interface BulletinRepository {
  /** Newest month first; `published` only, or every bulletin (null). */
  list(status: 'published' | null): Promise<Bulletin[]>;
  byId(id: number): Promise<Bulletin | null>;
  /** The month's draft; null when the month already has a bulletin. */
  create(draft: NewBulletin, actor: Actor, now: string): Promise<Bulletin | null>;
  /** The office's edit if the bulletin is still at `expectedVersion`; null when it is not (or is gone). */
  update(id: number, expectedVersion: number, edit: BulletinEdit, actor: Actor, now: string): Promise<Bulletin | null>;
  /** Publish (or take back to draft) if still at `expectedVersion`; null when it is not. */
  setPublished(
    id: number,
    expectedVersion: number,
    published: boolean,
    actor: Actor,
    now: string,
  ): Promise<Bulletin | null>;
  /** What was fixed and the residents' reports handled in [from, to] (Shanghai days). */
  monthFacts(from: string, to: string): Promise<MonthFacts>;
}

export function createBulletinRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): BulletinRepository {
  const list = db.prepare<{ status: string | null }, BulletinRow>(BULLETIN_SQL.list);
  const byId = db.prepare<{ id: number }, BulletinRow>(BULLETIN_SQL.byId);
  const insert = db.prepare<Record<string, unknown>, { id: number }>(BULLETIN_SQL.insert);
  const update = db.prepare(BULLETIN_SQL.update);
  const setStatus = db.prepare(BULLETIN_SQL.setStatus);
  const fixed = db.prepare<{ from: string; to: string }, BulletinFixed>(FIXED_SQL);
  const residents = db.prepare<{ from: string; to: string }, BulletinResidents>(residentsHandledSql(SQLITE_DAY_OF));
  const one = (id: number) => {
    const row = byId.get({ id });
    return row ? toBulletin(row) : null;
  };
  return {
    async list(status) {
      return list.all({ status }).map(toBulletin);
    },
    async byId(id) {
      return one(id);
    },
    async create(draft, actor, now) {
      return db.transaction(() => {
        const row = insert.get({
          month: draft.month,
          title: draft.title,
          text: draft.text,
          items: JSON.stringify(draft.items),
          content: JSON.stringify(draft.content),
          now,
          by: actorId(actor),
        });
        if (!row) return null;
        recordAudit(bulletinAudit(actor, 'bulletin_created', row.id, { month: draft.month }));
        return one(row.id);
      })();
    },
    async update(id, expectedVersion, edit, actor, now) {
      return db.transaction(() => {
        const params = { id, expectedVersion, title: edit.title, text: edit.text, items: JSON.stringify(edit.items) };
        if (update.run({ ...params, now, by: actorId(actor) }).changes !== 1) return null;
        recordAudit(bulletinAudit(actor, 'bulletin_saved', id));
        return one(id);
      })();
    },
    async setPublished(id, expectedVersion, published, actor, now) {
      return db.transaction(() => {
        const status = published ? 'published' : 'draft';
        const params = { id, expectedVersion, status, publishedAt: published ? now : null, now, by: actorId(actor) };
        if (setStatus.run(params).changes !== 1) return null;
        recordAudit(bulletinAudit(actor, published ? 'bulletin_published' : 'bulletin_withdrawn', id));
        return one(id);
      })();
    },
    async monthFacts(from, to) {
      return { fixed: fixed.all({ from, to }), residents: residents.get({ from, to })! };
    },
  };
}
