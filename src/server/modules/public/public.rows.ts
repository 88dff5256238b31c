import type { Actor, NewAuditEntry } from '../../platform/audit';

/** The public site's statements (`@name` parameters, run by SQLite directly and by PostgreSQL through `named`). */

/** A published before/after pair of a zone. */
export interface PublishedPairRow {
  after_id: number;
  before_id: number;
  published_at: string;
}

export const PUBLIC_SQL = {
  /** The zone's published pairs whose two photos are still there, newest first. */
  pairsOfZone: `
    SELECT a.id AS after_id, b.id AS before_id, p.published_at
    FROM photo_publications p
    JOIN photos a ON a.id = p.after_photo_id AND a.deleted_at IS NULL
    JOIN photos b ON b.id = a.paired_with AND b.deleted_at IS NULL
    WHERE a.zone_id = @zoneId
    ORDER BY p.published_at DESC, a.id DESC`,
  /** The storage key of a photo that is one half of a published pair (in a zone not deleted), else no row. */
  publishedPhotoKey: `
    SELECT x.storage_key
    FROM photos x
    JOIN zones z ON z.id = x.zone_id AND z.deleted_at IS NULL
    WHERE x.id = @id AND x.deleted_at IS NULL AND EXISTS (
      SELECT 1 FROM photo_publications p
      JOIN photos a ON a.id = p.after_photo_id AND a.deleted_at IS NULL
      JOIN photos b ON b.id = a.paired_with AND b.deleted_at IS NULL
      WHERE a.id = x.id OR b.id = x.id)`,
  /** An after-photo that has a before-photo: what can be published. */
  pairedAfter: `SELECT id FROM photos WHERE id = @id AND deleted_at IS NULL AND phase = 'after' AND paired_with IS NOT NULL`,
  publish: `
    INSERT INTO photo_publications (after_photo_id, published_at, published_by) VALUES (@id, @at, @by)
    ON CONFLICT (after_photo_id) DO NOTHING`,
  unpublish: 'DELETE FROM photo_publications WHERE after_photo_id = @id',
  isPublished: 'SELECT published_at FROM photo_publications WHERE after_photo_id = @id',
} as const;

export const publicationAudit = (actor: Actor, action: string, photoId: number): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action,
  targetType: 'photo',
  targetId: String(photoId),
  outcome: 'ok',
  detail: null,
});
