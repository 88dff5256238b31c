import type { Db } from '../../platform/db/connection';
import type { Actor, NewAuditEntry } from '../../platform/audit';
import { PUBLIC_SQL, publicationAudit, type PublishedPairRow } from './public.rows';

export interface PublicRepository {
  /** The zone's published before/after pairs (both photos still there), newest first. */
  publishedPairs(zoneId: number): Promise<PublishedPairRow[]>;
  /** The storage key of a photo that is half of a published pair, or null (unpublished, deleted, unknown). */
  publishedPhotoKey(photoId: number): Promise<string | null>;
  /**
   * Publish (or withdraw) the pair of an after-photo, with its audit entry: null when the photo is not an
   * after-photo with a before-photo; else when it was published (null after withdrawing).
   */
  setPublished(
    afterPhotoId: number,
    published: boolean,
    actor: Actor,
    now: string,
  ): Promise<{ publishedAt: string | null } | null>;
}

export function createPublicRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): PublicRepository {
  const pairs = db.prepare<{ zoneId: number }, PublishedPairRow>(PUBLIC_SQL.pairsOfZone);
  const photoKey = db.prepare<{ id: number }, { storage_key: string }>(PUBLIC_SQL.publishedPhotoKey);
  const pairedAfter = db.prepare<{ id: number }, { id: number }>(PUBLIC_SQL.pairedAfter);
  const publish = db.prepare(PUBLIC_SQL.publish);
  const unpublish = db.prepare(PUBLIC_SQL.unpublish);
  const isPublished = db.prepare<{ id: number }, { published_at: string }>(PUBLIC_SQL.isPublished);
  return {
    async publishedPairs(zoneId) {
      return pairs.all({ zoneId });
    },
    async publishedPhotoKey(photoId) {
      return photoKey.get({ id: photoId })?.storage_key ?? null;
    },
    async setPublished(afterPhotoId, published, actor, now) {
      return db.transaction(() => {
        if (!pairedAfter.get({ id: afterPhotoId })) return null;
        const changed = published
          ? publish.run({ id: afterPhotoId, at: now, by: actor.id === null ? null : Number(actor.id) }).changes
          : unpublish.run({ id: afterPhotoId }).changes;
        if (changed)
          recordAudit(publicationAudit(actor, published ? 'photo_published' : 'photo_unpublished', afterPhotoId));
        return { publishedAt: isPublished.get({ id: afterPhotoId })?.published_at ?? null };
      })();
    },
  };
}
