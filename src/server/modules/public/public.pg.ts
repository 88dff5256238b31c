import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import type { PublicRepository } from './public.repo';
import { PUBLIC_SQL, publicationAudit, type PublishedPairRow } from './public.rows';

/** The PostgreSQL public-site repository (public.repo.ts is the SQLite one). */
export function createPublicPgRepository(db: PgDb, recordAudit: RecordAuditIn): PublicRepository {
  return {
    async publishedPairs(zoneId) {
      return pgRows<PublishedPairRow>(db, PUBLIC_SQL.pairsOfZone, { zoneId });
    },
    async publishedPhotoKey(photoId) {
      const [row] = await pgRows<{ storage_key: string }>(db, PUBLIC_SQL.publishedPhotoKey, { id: photoId });
      return row?.storage_key ?? null;
    },
    async setPublished(afterPhotoId, published, actor, now) {
      return db.transaction(async (tx) => {
        const [after] = await pgRows(tx, `${PUBLIC_SQL.pairedAfter} FOR UPDATE`, { id: afterPhotoId });
        if (!after) return null;
        const { text, values } = named(published ? PUBLIC_SQL.publish : PUBLIC_SQL.unpublish, {
          id: afterPhotoId,
          at: now,
          by: actor.id === null ? null : Number(actor.id),
        });
        const changed = (await tx.query(text, values)).rowCount ?? 0;
        if (changed) {
          await recordAudit(
            tx,
            publicationAudit(actor, published ? 'photo_published' : 'photo_unpublished', afterPhotoId),
          );
        }
        const [row] = await pgRows<{ published_at: string }>(tx, PUBLIC_SQL.isPublished, { id: afterPhotoId });
        return { publishedAt: row?.published_at ?? null };
      });
    },
  };
}
