import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import { pairVerdict, type Photo, type PhotoPhase, type PhotoPosition } from '../../../shared/photos/photo';

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

interface PhotoRow {
  id: number;
  zone_id: number;
  task_id: number | null;
  phase: PhotoPhase;
  reference_object: string;
  note: string;
  storage_key: string;
  original_name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  taken_at: string | null;
  lon: number | null;
  lat: number | null;
  position_source: 'exif' | 'manual' | null;
  bearing: number | null;
  paired_with: number | null;
  pair_distance_m: number | null;
  pair_flagged: number;
  uploaded_by: number;
  uploaded_at: string;
  uploader_name: string | null;
}

const SELECT = `SELECT p.*, coalesce(nullif(u.display_name, ''), u.username) AS uploader_name
  FROM photos p LEFT JOIN users u ON u.id = p.uploaded_by`;

const positionOf = (row: Pick<PhotoRow, 'lon' | 'lat'>): PhotoPosition | null =>
  row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat };

const toPhoto = (row: PhotoRow): StoredPhoto => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  taskId: row.task_id === null ? null : String(row.task_id),
  phase: row.phase,
  referenceObject: row.reference_object,
  note: row.note,
  originalName: row.original_name,
  width: row.width,
  height: row.height,
  takenAt: row.taken_at,
  position: positionOf(row),
  positionSource: row.position_source,
  bearing: row.bearing,
  pairedWith: row.paired_with === null ? null : String(row.paired_with),
  pairDistanceM: row.pair_distance_m,
  pairFlagged: row.pair_flagged === 1,
  uploadedBy: row.uploader_name ?? '',
  uploadedAt: row.uploaded_at,
  urls: { thumb: `/api/photos/${row.id}/thumb`, display: `/api/photos/${row.id}/display` },
  storageKey: row.storage_key,
  uploaderId: String(row.uploaded_by),
});

/** What the audit log keeps of a photo: everything but the file key. */
const auditView = (photo: StoredPhoto) => {
  const { storageKey: _key, urls: _urls, ...rest } = photo;
  return rest;
};

/** Photo evidence (metadata only; the files are in a PhotoFileStore). */
export function createPhotoRepository(db: Db, recordAudit: (entry: NewAuditEntry) => void): PhotoRepository {
  const byId = db.prepare<[number], PhotoRow>(`${SELECT} WHERE p.id = ? AND p.deleted_at IS NULL`);
  const byKey = db.prepare<[number, string], PhotoRow>(`${SELECT} WHERE p.uploaded_by = ? AND p.idempotency_key = ?`);
  const partner = db.prepare<[number, string], PhotoRow>(
    `${SELECT} WHERE p.task_id = ? AND p.phase = 'before' AND p.deleted_at IS NULL
     ORDER BY (p.reference_object <> '' AND p.reference_object = ?) DESC, p.uploaded_at DESC, p.id DESC LIMIT 1`,
  );
  const audit = (actor: Actor, action: string, id: string, detail: Record<string, unknown>) =>
    recordAudit({
      actorId: actor.id,
      actorUsername: actor.username,
      ip: actor.ip,
      action,
      targetType: 'photo',
      targetId: id,
      outcome: 'ok',
      detail,
    });
  const setPair = db.prepare<[number | null, number, number]>(
    'UPDATE photos SET pair_distance_m = ?, pair_flagged = ? WHERE id = ?',
  );
  /** Recompute an after-photo's pair from the positions as they are now. */
  const repair = (after: PhotoRow, pairMaxMeters: number) => {
    if (after.paired_with === null) return;
    const before = db.prepare<[number], PhotoRow>(`${SELECT} WHERE p.id = ?`).get(after.paired_with);
    const verdict = pairVerdict(before ? positionOf(before) : null, positionOf(after), pairMaxMeters);
    setPair.run(verdict.distanceMeters, verdict.flagged ? 1 : 0, after.id);
  };

  return {
    async get(id) {
      const row = byId.get(id);
      return row ? toPhoto(row) : null;
    },
    async list(zoneId, taskId) {
      const rows =
        taskId === undefined
          ? db
              .prepare<[number], PhotoRow>(
                `${SELECT} WHERE p.zone_id = ? AND p.deleted_at IS NULL ORDER BY p.uploaded_at DESC, p.id DESC`,
              )
              .all(zoneId)
          : db
              .prepare<[number, number], PhotoRow>(
                `${SELECT} WHERE p.zone_id = ? AND p.task_id = ? AND p.deleted_at IS NULL
                 ORDER BY p.uploaded_at DESC, p.id DESC`,
              )
              .all(zoneId, taskId);
      return rows.map(toPhoto);
    },
    async findByIdempotencyKey(uploaderId, key) {
      const row = byKey.get(Number(uploaderId), key);
      return row ? toPhoto(row) : null;
    },
    async findPairPartner(taskId, referenceObject) {
      const row = partner.get(taskId, referenceObject);
      return row ? toPhoto(row) : null;
    },
    async create(photo, pairMaxMeters, actor) {
      return db.transaction((): CreatePhotoResult => {
        if (photo.idempotencyKey !== null) {
          const existing = byKey.get(Number(photo.uploaderId), photo.idempotencyKey);
          if (existing) return { duplicate: toPhoto(existing) };
        }
        let referenceObject = photo.referenceObject;
        let pairedWith: number | null = null;
        let verdict: { distanceMeters: number | null; flagged: boolean } = { distanceMeters: null, flagged: false };
        if (photo.phase === 'after') {
          const before = photo.taskId === null ? undefined : partner.get(photo.taskId, referenceObject);
          if (!before) return { noBeforePhoto: true };
          pairedWith = before.id;
          if (!referenceObject) referenceObject = before.reference_object;
          verdict = pairVerdict(positionOf(before), photo.position, pairMaxMeters);
        }
        const inserted = db
          .prepare(
            `INSERT INTO photos (zone_id, task_id, phase, reference_object, note, storage_key, original_name, mime, width,
               height, bytes, taken_at, lon, lat, position_source, bearing, paired_with, pair_distance_m, pair_flagged,
               idempotency_key, uploaded_by, uploaded_at)
             VALUES (@zoneId, @taskId, @phase, @referenceObject, @note, @storageKey, @originalName, @mime, @width,
               @height, @bytes, @takenAt, @lon, @lat, @positionSource, @bearing, @pairedWith, @pairDistance, @pairFlagged,
               @idempotencyKey, @uploaderId, @uploadedAt)
             ON CONFLICT (uploaded_by, idempotency_key) DO NOTHING
             RETURNING id`,
          )
          .get({
            zoneId: photo.zoneId,
            taskId: photo.taskId,
            phase: photo.phase,
            referenceObject,
            note: photo.note,
            storageKey: photo.storageKey,
            originalName: photo.originalName,
            mime: photo.mime,
            width: photo.width,
            height: photo.height,
            bytes: photo.bytes,
            takenAt: photo.takenAt,
            lon: photo.position?.lon ?? null,
            lat: photo.position?.lat ?? null,
            positionSource: photo.position ? photo.positionSource : null,
            bearing: photo.bearing,
            pairedWith,
            pairDistance: verdict.distanceMeters,
            pairFlagged: verdict.flagged ? 1 : 0,
            idempotencyKey: photo.idempotencyKey,
            uploaderId: Number(photo.uploaderId),
            uploadedAt: new Date().toISOString(),
          }) as { id: number } | undefined;
        // A racing upload with the same key inserted first: its photo is the answer (the unique key decides).
        if (!inserted) return { duplicate: toPhoto(byKey.get(Number(photo.uploaderId), photo.idempotencyKey!)!) };
        const created = toPhoto(byId.get(inserted.id)!);
        audit(actor, 'photo_uploaded', created.id, { after: auditView(created), bytes: photo.bytes, mime: photo.mime });
        return { created };
      })();
    },
    async setPosition(id, position, pairMaxMeters, actor) {
      return db.transaction(() => {
        const before = byId.get(id);
        if (!before) return null;
        db.prepare("UPDATE photos SET lon = ?, lat = ?, position_source = 'manual' WHERE id = ?").run(
          position.lon,
          position.lat,
          id,
        );
        repair(byId.get(id)!, pairMaxMeters);
        // A before-photo moved: the after-photos paired with it are judged again.
        const pairedAfter = db
          .prepare<[number], PhotoRow>(`${SELECT} WHERE p.paired_with = ? AND p.deleted_at IS NULL`)
          .all(id);
        for (const after of pairedAfter) repair(after, pairMaxMeters);
        const after = toPhoto(byId.get(id)!);
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
        const row = byId.get(id);
        if (!row) return false;
        // Only the delete that changes the row goes on (a racing second one finds it deleted: no repair, no audit).
        const deleted = db
          .prepare('UPDATE photos SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
          .run(new Date().toISOString(), id);
        if (deleted.changes !== 1) return false;
        const repaired: { id: string; pairedWith: string | null }[] = [];
        if (row.phase === 'before') {
          const orphans = db
            .prepare<[number], PhotoRow>(`${SELECT} WHERE p.paired_with = ? AND p.deleted_at IS NULL`)
            .all(id);
          for (const after of orphans) {
            const next = after.task_id === null ? undefined : partner.get(after.task_id, after.reference_object);
            if (next) {
              db.prepare('UPDATE photos SET paired_with = ? WHERE id = ?').run(next.id, after.id);
              repair({ ...after, paired_with: next.id }, pairMaxMeters);
            } else {
              db.prepare(
                'UPDATE photos SET paired_with = NULL, pair_distance_m = NULL, pair_flagged = 1 WHERE id = ?',
              ).run(after.id);
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
