import type { Actor, NewAuditEntry } from '../../platform/audit';
import { stampNow } from '../../platform/clock';
import type { PhotoPhase, PhotoPosition } from '../../../shared/photos/photo';
import type { NewPhoto, StoredPhoto } from './photos.repo';

/** Photos' rows, mappers and statements, shared by the SQLite (photos.repo.ts) and PostgreSQL (photos.pg.ts) repositories. */
export interface PhotoRow {
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
  reported_lon: number | null;
  reported_lat: number | null;
  reported_accuracy_m: number | null;
  reported_at: string | null;
  uploader_name: string | null;
}

const SELECT = `SELECT p.*, coalesce(nullif(u.display_name, ''), u.username) AS uploader_name
  FROM photos p LEFT JOIN users u ON u.id = p.uploaded_by`;

export const positionOf = (row: Pick<PhotoRow, 'lon' | 'lat'>): PhotoPosition | null =>
  row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat };

export const toPhoto = (row: PhotoRow): StoredPhoto => ({
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
  reported:
    row.reported_lon === null && row.reported_accuracy_m === null && row.reported_at === null
      ? null
      : {
          position: positionOf({ lon: row.reported_lon, lat: row.reported_lat }),
          accuracyM: row.reported_accuracy_m,
          at: row.reported_at,
        },
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
export const auditView = (photo: StoredPhoto) => {
  const { storageKey: _key, urls: _urls, ...rest } = photo;
  return rest;
};

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const PHOTO_SQL = {
  byId: `${SELECT} WHERE p.id = @id AND p.deleted_at IS NULL`,
  /** Deleted or not. */
  anyById: `${SELECT} WHERE p.id = @id`,
  byKey: `${SELECT} WHERE p.uploaded_by = @uploaderId AND p.idempotency_key = @key`,
  /** The before-photo an after-photo pairs with: same reference object first, then the most recent. */
  partner: `${SELECT} WHERE p.task_id = @taskId AND p.phase = 'before' AND p.deleted_at IS NULL
    ORDER BY (p.reference_object <> '' AND p.reference_object = @referenceObject) DESC, p.uploaded_at DESC, p.id DESC
    LIMIT 1`,
  /** The zone's photos (only the task's with `ofTask`), newest first. */
  list: (ofTask: boolean) =>
    `${SELECT} WHERE p.zone_id = @zoneId${ofTask ? ' AND p.task_id = @taskId' : ''} AND p.deleted_at IS NULL
     ORDER BY p.uploaded_at DESC, p.id DESC`,
  /** The after-photos paired with a before-photo. */
  pairedWith: `${SELECT} WHERE p.paired_with = @id AND p.deleted_at IS NULL`,
  /** No row back when the uploader already made a photo with this idempotency key (the unique key decides). */
  insert: `INSERT INTO photos (zone_id, task_id, phase, reference_object, note, storage_key, original_name, mime, width,
      height, bytes, taken_at, lon, lat, position_source, bearing, paired_with, pair_distance_m, pair_flagged,
      idempotency_key, uploaded_by, uploaded_at, reported_lon, reported_lat, reported_accuracy_m, reported_at)
    VALUES (@zoneId, @taskId, @phase, @referenceObject, @note, @storageKey, @originalName, @mime, @width,
      @height, @bytes, @takenAt, @lon, @lat, @positionSource, @bearing, @pairedWith, @pairDistance, @pairFlagged,
      @idempotencyKey, @uploaderId, @uploadedAt, @reportedLon, @reportedLat, @reportedAccuracy, @reportedAt)
    ON CONFLICT (uploaded_by, idempotency_key) DO NOTHING
    RETURNING id`,
  setPair: 'UPDATE photos SET pair_distance_m = @distance, pair_flagged = @flagged WHERE id = @id',
  setPosition: "UPDATE photos SET lon = @lon, lat = @lat, position_source = 'manual' WHERE id = @id",
  pairWith: 'UPDATE photos SET paired_with = @pairedWith WHERE id = @id',
  unpair: 'UPDATE photos SET paired_with = NULL, pair_distance_m = NULL, pair_flagged = 1 WHERE id = @id',
  softDelete: 'UPDATE photos SET deleted_at = @now WHERE id = @id AND deleted_at IS NULL',
};

/** The insert's parameters: the photo, its reference object and its pair as judged. */
export const photoParams = (
  photo: NewPhoto,
  referenceObject: string,
  pairedWith: number | null,
  verdict: { distanceMeters: number | null; flagged: boolean },
) => ({
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
  uploadedAt: stampNow(),
  reportedLon: photo.reported?.position?.lon ?? null,
  reportedLat: photo.reported?.position?.lat ?? null,
  reportedAccuracy: photo.reported?.accuracyM ?? null,
  reportedAt: photo.reported?.at ?? null,
});

export const photoAudit = (
  actor: Actor,
  action: string,
  id: string,
  detail: Record<string, unknown>,
): NewAuditEntry => ({
  actorId: actor.id,
  actorUsername: actor.username,
  ip: actor.ip,
  action,
  targetType: 'photo',
  targetId: id,
  outcome: 'ok',
  detail,
});
