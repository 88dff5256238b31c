import type { Actor, NewAuditEntry } from '../../platform/audit';
import type { ShanghaiDayOf } from '../reports';
import {
  bulletinContentSchema,
  type Bulletin,
  type BulletinContent,
  type BulletinFixed,
  type BulletinResidents,
  type BulletinStatus,
} from '../../../shared/public/bulletins';

/** The monthly 公开通报's rows and statements (`@name` parameters), shared by the SQLite and PostgreSQL repositories. */

export interface BulletinRow {
  id: number;
  month: string;
  title: string;
  body: string;
  items_json: string;
  content_json: string;
  status: BulletinStatus;
  version: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export const toBulletin = (row: BulletinRow): Bulletin => ({
  id: String(row.id),
  month: row.month,
  title: row.title,
  text: row.body,
  items: JSON.parse(row.items_json) as string[],
  content: bulletinContentSchema.parse(JSON.parse(row.content_json)),
  status: row.status,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
});

/** A month's generated draft. */
export interface NewBulletin {
  month: string;
  title: string;
  text: string;
  items: readonly string[];
  content: BulletinContent;
}

/** The office's edit: every field given (the route merges the patch into what it read). */
export interface BulletinEdit {
  title: string;
  text: string;
  items: readonly string[];
}

const COLUMNS =
  'id, month, title, body, items_json, content_json, status, version, created_at, updated_at, published_at';

export const BULLETIN_SQL = {
  list: `SELECT ${COLUMNS} FROM bulletins WHERE (CAST(@status AS TEXT) IS NULL OR status = @status)
         ORDER BY month DESC, id DESC`,
  byId: `SELECT ${COLUMNS} FROM bulletins WHERE id = @id`,
  /** One bulletin per month: a second one is not made (no row → 409). */
  insert: `INSERT INTO bulletins (month, title, body, items_json, content_json, created_at, created_by, updated_at, updated_by)
           VALUES (@month, @title, @text, @items, @content, @now, @by, @now, @by)
           ON CONFLICT (month) DO NOTHING RETURNING id`,
  /** The version check is the write itself: no row means someone else changed it first (412). */
  update: `UPDATE bulletins SET title = @title, body = @text, items_json = @items, version = version + 1,
             updated_at = @now, updated_by = @by
           WHERE id = @id AND version = @expectedVersion`,
  setStatus: `UPDATE bulletins SET status = @status, published_at = @publishedAt, version = version + 1,
                updated_at = @now, updated_by = @by
              WHERE id = @id AND version = @expectedVersion`,
} as const;

/** Per zone, the tasks finished in [@from, @to] (what was fixed), by item then zone name. */
export const FIXED_SQL = `
  SELECT z.name AS zone, z.category AS item, count(*) AS tasks
  FROM tasks t JOIN zones z ON z.id = t.zone_id AND z.deleted_at IS NULL
  WHERE t.status = 'done' AND t.completed_on BETWEEN @from AND @to
  GROUP BY z.id, z.name, z.category ORDER BY z.category, z.name LIMIT 200`;

/** Residents' reports handled in [@from, @to] (Shanghai days): received, decided, answered. */
export const residentsHandledSql = (dayOf: ShanghaiDayOf) => `
  SELECT
    (SELECT count(*) FROM public_reports r WHERE ${dayOf('r.created_at')} BETWEEN @from AND @to) AS received,
    (SELECT count(*) FROM public_reports r WHERE r.status = 'accepted' AND r.triaged_at IS NOT NULL
       AND ${dayOf('r.triaged_at')} BETWEEN @from AND @to) AS accepted,
    (SELECT count(*) FROM public_reports r WHERE r.status = 'merged' AND r.triaged_at IS NOT NULL
       AND ${dayOf('r.triaged_at')} BETWEEN @from AND @to) AS merged,
    (SELECT count(*) FROM public_reports r WHERE r.status = 'rejected' AND r.triaged_at IS NOT NULL
       AND ${dayOf('r.triaged_at')} BETWEEN @from AND @to) AS rejected,
    (SELECT count(*) FROM public_report_feedback f WHERE ${dayOf('f.created_at')} BETWEEN @from AND @to) AS feedback,
    (SELECT coalesce(sum(f.satisfied), 0) FROM public_report_feedback f
       WHERE ${dayOf('f.created_at')} BETWEEN @from AND @to) AS satisfied`;

export interface MonthFacts {
  fixed: BulletinFixed[];
  residents: BulletinResidents;
}

export const bulletinAudit = (
  actor: Actor,
  action: string,
  id: number,
  detail: Record<string, unknown> | null = null,
): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action,
  targetType: 'bulletin',
  targetId: String(id),
  outcome: 'ok',
  detail,
});

export const actorId = (actor: Actor) => (actor.id === null ? null : Number(actor.id));
