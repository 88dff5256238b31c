import type { RecordAuditIn } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PgDb, PgTx } from '../../platform/db/pg/pool';
import { pgRows } from '../../platform/db/pg/rows';
import { pairVerdict } from '../../../shared/photos/photo';
import type { CreatePhotoResult, PhotoRepository } from './photos.repo';
import { auditView, photoAudit, PHOTO_SQL, photoParams, positionOf, toPhoto, type PhotoRow } from './photos.rows';

/**
 * The PostgreSQL photo repository (photos.repo.ts is the SQLite one; the files are in a PhotoFileStore). A write
 * locks the photo it changes (`FOR UPDATE OF p`) before reading it, so concurrent writes on one photo take turns;
 * one idempotency key makes one photo through the unique key (INSERT … ON CONFLICT DO NOTHING).
 */
export function createPhotoPgRepository(db: PgDb, recordAudit: RecordAuditIn): PhotoRepository {
  const one = async (tx: PgTx | PgDb, sql: string, params: Record<string, unknown>) =>
    (await pgRows<PhotoRow>(tx, sql, params))[0];
  const lock = (tx: PgTx, id: number) => one(tx, `${PHOTO_SQL.byId} FOR UPDATE OF p`, { id });
  /** Recompute an after-photo's pair from the positions as they are now. */
  const repair = async (tx: PgTx, after: PhotoRow, pairMaxMeters: number) => {
    if (after.paired_with === null) return;
    const before = await one(tx, PHOTO_SQL.anyById, { id: after.paired_with });
    const verdict = pairVerdict(before ? positionOf(before) : null, positionOf(after), pairMaxMeters);
    await pgRows(tx, PHOTO_SQL.setPair, {
      distance: verdict.distanceMeters,
      flagged: verdict.flagged ? 1 : 0,
      id: after.id,
    });
  };

  return {
    async get(id) {
      const row = await one(db, PHOTO_SQL.byId, { id });
      return row ? toPhoto(row) : null;
    },
    async list(zoneId, taskId) {
      return (
        await pgRows<PhotoRow>(db, PHOTO_SQL.list(taskId !== undefined), {
          zoneId,
          ...(taskId === undefined ? {} : { taskId }),
        })
      ).map(toPhoto);
    },
    async findByIdempotencyKey(uploaderId, key) {
      const row = await one(db, PHOTO_SQL.byKey, { uploaderId: Number(uploaderId), key });
      return row ? toPhoto(row) : null;
    },
    async findPairPartner(taskId, referenceObject) {
      const row = await one(db, PHOTO_SQL.partner, { taskId, referenceObject });
      return row ? toPhoto(row) : null;
    },
    async create(photo, pairMaxMeters, actor) {
      return db.transaction(async (tx): Promise<CreatePhotoResult> => {
        const byKey = () =>
          one(tx, PHOTO_SQL.byKey, { uploaderId: Number(photo.uploaderId), key: photo.idempotencyKey });
        if (photo.idempotencyKey !== null) {
          const existing = await byKey();
          if (existing) return { duplicate: toPhoto(existing) };
        }
        let referenceObject = photo.referenceObject;
        let pairedWith: number | null = null;
        let verdict: { distanceMeters: number | null; flagged: boolean } = { distanceMeters: null, flagged: false };
        if (photo.phase === 'after') {
          const before =
            photo.taskId === null
              ? undefined
              : await one(tx, PHOTO_SQL.partner, { taskId: photo.taskId, referenceObject });
          if (!before) return { noBeforePhoto: true };
          pairedWith = before.id;
          if (!referenceObject) referenceObject = before.reference_object;
          verdict = pairVerdict(positionOf(before), photo.position, pairMaxMeters);
        }
        const [inserted] = await pgRows<{ id: number }>(
          tx,
          PHOTO_SQL.insert,
          photoParams(photo, referenceObject, pairedWith, verdict),
        );
        // A racing upload with the same key inserted first: its photo is the answer (the unique key decides).
        if (!inserted) return { duplicate: toPhoto((await byKey())!) };
        const created = toPhoto((await one(tx, PHOTO_SQL.byId, { id: inserted.id }))!);
        await recordAudit(
          tx,
          photoAudit(actor, 'photo_uploaded', created.id, {
            after: auditView(created),
            bytes: photo.bytes,
            mime: photo.mime,
          }),
        );
        return { created };
      });
    },
    async setPosition(id, position, pairMaxMeters, actor) {
      return db.transaction(async (tx) => {
        const before = await lock(tx, id);
        if (!before) return null;
        await pgRows(tx, PHOTO_SQL.setPosition, { lon: position.lon, lat: position.lat, id });
        await repair(tx, (await one(tx, PHOTO_SQL.byId, { id }))!, pairMaxMeters);
        // A before-photo moved: the after-photos paired with it are judged again.
        const pairedAfter = await pgRows<PhotoRow>(tx, PHOTO_SQL.pairedWith, { id });
        for (const after of pairedAfter) await repair(tx, after, pairMaxMeters);
        const after = toPhoto((await one(tx, PHOTO_SQL.byId, { id }))!);
        await recordAudit(
          tx,
          photoAudit(actor, 'photo_position_set', after.id, {
            before: { position: positionOf(before), positionSource: before.position_source },
            after: { position: after.position, positionSource: after.positionSource },
            pairsRejudged: pairedAfter.map((row) => String(row.id)),
          }),
        );
        return after;
      });
    },
    async softDelete(id, actor, pairMaxMeters) {
      return db.transaction(async (tx) => {
        // Locked, then deleted only if still there: of two concurrent deletes one answers false.
        const row = await lock(tx, id);
        if (!row) return false;
        await pgRows(tx, PHOTO_SQL.softDelete, { now: stampNow(), id });
        const repaired: { id: string; pairedWith: string | null }[] = [];
        if (row.phase === 'before') {
          const orphans = await pgRows<PhotoRow>(tx, PHOTO_SQL.pairedWith, { id });
          for (const after of orphans) {
            const next =
              after.task_id === null
                ? undefined
                : await one(tx, PHOTO_SQL.partner, { taskId: after.task_id, referenceObject: after.reference_object });
            if (next) {
              await pgRows(tx, PHOTO_SQL.pairWith, { pairedWith: next.id, id: after.id });
              await repair(tx, { ...after, paired_with: next.id }, pairMaxMeters);
            } else {
              await pgRows(tx, PHOTO_SQL.unpair, { id: after.id });
            }
            repaired.push({ id: String(after.id), pairedWith: next ? String(next.id) : null });
          }
        }
        await recordAudit(
          tx,
          photoAudit(actor, 'photo_deleted', String(id), {
            before: auditView(toPhoto(row)),
            ...(repaired.length ? { afterPhotosRepaired: repaired } : {}),
          }),
        );
        return true;
      });
    },
  };
}
