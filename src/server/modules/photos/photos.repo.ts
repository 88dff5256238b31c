import type { Db } from '../../platform/db/connection';
import { stampNow } from '../../platform/clock';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import {
  pairVerdict,
  type PhoneReport,
  type Photo,
  type PhotoPhase,
  type PhotoPosition,
} from '../../../shared/photos/photo';
import { auditView, photoAudit, PHOTO_SQL, photoParams, positionOf, toPhoto, type PhotoRow } from './photos.rows';

/** A photo as stored: the API shape plus what only the server needs (file key, uploader id). */
export interface StoredPhoto extends Photo {
  storageKey: string;
  uploaderId: string;
}

export interface NewPhoto {
  zoneId: number;
  taskId: number | null;
  phase: PhotoPhase;
  referenceObject: string;
  note: string;
  storageKey: string;
  originalName: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  takenAt: string | null;
  position: PhotoPosition | null;
  positionSource: 'exif' | 'manual' | null;
  bearing: number | null;
  /** The phone's own report (GPS fix, accuracy, clock), kept beside the EXIF. */
  reported: PhoneReport | null;
  /** Unique per uploader: a retried upload with the same key finds the first photo. */
  idempotencyKey: string | null;
  uploaderId: string;
}

export type CreatePhotoResult =
  | { created: StoredPhoto }
  /** The uploader already made a photo with this idempotency key: nothing was written. */
  | { duplicate: StoredPhoto }
  /** An after-photo whose task has no before-photo yet: nothing was written. */
  | { noBeforePhoto: true };

export interface PhotoRepository {
  /** A photo that is not deleted, or null. */
  get(id: number): Promise<StoredPhoto | null>;
  /** The zone's photos, newest first; only the task's when `taskId` is given. */
  list(zoneId: number, taskId?: number): Promise<StoredPhoto[]>;
  findByIdempotencyKey(uploaderId: string, key: string): Promise<StoredPhoto | null>;
  /**
   * The before-photo an after-photo of the task pairs with: the one with the same reference object
   * if there is one, else the task's most recent before-photo.
   */
  findPairPartner(taskId: number, referenceObject: string): Promise<StoredPhoto | null>;
  /** Insert a photo (pairing an after-photo) and its audit entry in one transaction. */
  create(photo: NewPhoto, pairMaxMeters: number, actor: Actor): Promise<CreatePhotoResult>;
  /** Place a photo by hand and recompute the pairs it is part of; null when it does not exist. */
  setPosition(id: number, position: PhotoPosition, pairMaxMeters: number, actor: Actor): Promise<StoredPhoto | null>;
  /** Soft delete; false when the photo does not exist or is already deleted. */
  /**
   * Soft delete. A deleted before-photo hands its after-photos to the task's next before-photo
   * (same reference object first); without one they stay unpaired and flagged for the checker.
   */
  softDelete(id: number, actor: Actor, pairMaxMeters: number): Promise<boolean>;
}

/** Photo evidence (metadata only; the files are in a PhotoFileStore). */
export function createPhotoRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): PhotoRepository {
  const byId = db.prepare<{ id: number }, PhotoRow>(PHOTO_SQL.byId);
  const byKey = db.prepare<{ uploaderId: number; key: string }, PhotoRow>(PHOTO_SQL.byKey);
  const partner = db.prepare<{ taskId: number; referenceObject: string }, PhotoRow>(PHOTO_SQL.partner);
  const audit = (actor: Actor, action: string, id: string, detail: Record<string, unknown>) =>
    recordAudit(photoAudit(actor, action, id, detail));
  const setPair = db.prepare(PHOTO_SQL.setPair);
  /** Recompute an after-photo's pair from the positions as they are now. */
  const repair = (after: PhotoRow, pairMaxMeters: number) => {
    if (after.paired_with === null) return;
    const before = db.prepare<{ id: number }, PhotoRow>(PHOTO_SQL.anyById).get({ id: after.paired_with });
    const verdict = pairVerdict(before ? positionOf(before) : null, positionOf(after), pairMaxMeters);
    setPair.run({ distance: verdict.distanceMeters, flagged: verdict.flagged ? 1 : 0, id: after.id });
  };

  return {
    async get(id) {
      const row = byId.get({ id });
      return row ? toPhoto(row) : null;
    },
    async list(zoneId, taskId) {
      return (
        db.prepare(PHOTO_SQL.list(taskId !== undefined)).all({ zoneId, taskId: taskId ?? null }) as PhotoRow[]
      ).map(toPhoto);
    },
    async findByIdempotencyKey(uploaderId, key) {
      const row = byKey.get({ uploaderId: Number(uploaderId), key });
      return row ? toPhoto(row) : null;
    },
    async findPairPartner(taskId, referenceObject) {
      const row = partner.get({ taskId, referenceObject });
      return row ? toPhoto(row) : null;
    },
    async create(photo, pairMaxMeters, actor) {
      return db.transaction((): CreatePhotoResult => {
        if (photo.idempotencyKey !== null) {
          const existing = byKey.get({ uploaderId: Number(photo.uploaderId), key: photo.idempotencyKey });
          if (existing) return { duplicate: toPhoto(existing) };
        }
        let referenceObject = photo.referenceObject;
        let pairedWith: number | null = null;
        let verdict: { distanceMeters: number | null; flagged: boolean } = { distanceMeters: null, flagged: false };
        if (photo.phase === 'after') {
          const before = photo.taskId === null ? undefined : partner.get({ taskId: photo.taskId, referenceObject });
          if (!before) return { noBeforePhoto: true };
          pairedWith = before.id;
          if (!referenceObject) referenceObject = before.reference_object;
          verdict = pairVerdict(positionOf(before), photo.position, pairMaxMeters);
        }
        const inserted = db
          .prepare<Record<string, unknown>, { id: number }>(PHOTO_SQL.insert)
          .get(photoParams(photo, referenceObject, pairedWith, verdict));
        // A racing upload with the same key inserted first: its photo is the answer (the unique key decides).
        if (!inserted)
          return {
            duplicate: toPhoto(byKey.get({ uploaderId: Number(photo.uploaderId), key: photo.idempotencyKey! })!),
          };
        const created = toPhoto(byId.get({ id: inserted.id })!);
        audit(actor, 'photo_uploaded', created.id, { after: auditView(created), bytes: photo.bytes, mime: photo.mime });
        return { created };
      })();
    },
    async setPosition(id, position, pairMaxMeters, actor) {
      return db.transaction(() => {
        const before = byId.get({ id });
        if (!before) return null;
        db.prepare(PHOTO_SQL.setPosition).run({ lon: position.lon, lat: position.lat, id });
        repair(byId.get({ id })!, pairMaxMeters);
        // A before-photo moved: the after-photos paired with it are judged again.
        const pairedAfter = db.prepare<{ id: number }, PhotoRow>(PHOTO_SQL.pairedWith).all({ id });
        for (const after of pairedAfter) repair(after, pairMaxMeters);
        const after = toPhoto(byId.get({ id })!);
        audit(actor, 'photo_position_set', after.id, {
          before: { position: positionOf(before), positionSource: before.position_source },
          after: { position: after.position, positionSource: after.positionSource },
          pairsRejudged: pairedAfter.map((row) => String(row.id)),
        });
        return after;
      })();
    },
    async softDelete(id, actor, pairMaxMeters) {
      return db.transaction(() => {
        const row = byId.get({ id });
        if (!row) return false;
        // Only the delete that changes the row goes on (a racing second one finds it deleted: no repair, no audit).
        if (db.prepare(PHOTO_SQL.softDelete).run({ now: stampNow(), id }).changes !== 1) return false;
        const repaired: { id: string; pairedWith: string | null }[] = [];
        if (row.phase === 'before') {
          const orphans = db.prepare<{ id: number }, PhotoRow>(PHOTO_SQL.pairedWith).all({ id });
          for (const after of orphans) {
            const next =
              after.task_id === null
                ? undefined
                : partner.get({ taskId: after.task_id, referenceObject: after.reference_object });
            if (next) {
              db.prepare(PHOTO_SQL.pairWith).run({ pairedWith: next.id, id: after.id });
              repair({ ...after, paired_with: next.id }, pairMaxMeters);
            } else {
              db.prepare(PHOTO_SQL.unpair).run({ id: after.id });
            }
            repaired.push({ id: String(after.id), pairedWith: next ? String(next.id) : null });
          }
        }
        audit(actor, 'photo_deleted', String(id), {
          before: auditView(toPhoto(row)),
          ...(repaired.length ? { afterPhotosRepaired: repaired } : {}),
        });
        return true;
      })();
    },
  };
}
