import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { ApiError, getJson, notifyUnauthorized, sendBytes, sendJson } from '../lib/api';
import { problemSchema } from '../shared/http/problem';
import { zoneReads } from '../shared/http/map-page-reads';
import {
  phoneUploadFields,
  photoSchema,
  type PhoneReport,
  type Photo,
  type PhotoPhase,
  type SentExif,
} from '../shared/photos/photo';
import { pairPublicationSchema, zonePublicationsSchema } from '../shared/public/public';
import { taskKeys } from './tasks';
import { zoneKeys } from './zones';

// Photo queries load with the zone panel, not with the map page.

const photoListSchema = z.object({ photos: z.array(photoSchema) });
const uploadAnswerSchema = z.object({
  photos: z.array(photoSchema),
  rejected: z.optional(z.array(z.object({ file: z.string(), status: z.int(), detail: z.string() }))),
});
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

export const photoKeys = {
  ofZone: (zoneId: string) => zoneKeys.photos(zoneId),
};

export const zonePhotosQuery = (zoneId: string) =>
  queryOptions({
    queryKey: photoKeys.ofZone(zoneId),
    queryFn: ({ signal }) => getJson(zoneReads(zoneId).photos, photoListSchema, signal),
    select: (data) => data.photos,
  });
export const useZonePhotos = (zoneId: string) => useQuery(zonePhotosQuery(zoneId));

export interface UploadRequest {
  zoneId: string;
  /** An upload already sent in parts (`sendInParts`): its id is sent instead of the file. */
  upload?: string;
  /** Draw time, place, unit and task on the display image (the original stays clean; docs/field.md). */
  watermark?: boolean;
  file: Blob;
  fileName: string;
  phase: PhotoPhase;
  taskId: string | null;
  referenceObject: string;
  note: string;
  /** A position placed by hand (or from the phone's GPS) for a photo without EXIF GPS. */
  position: { lon: number; lat: number } | null;
  /** The original's EXIF, read on the phone, when the file sent was resized (docs/field.md). */
  exif: SentExif | null;
  /** The phone's own report: its locked GPS fix with accuracy, its clock. */
  reported: PhoneReport | null;
  /** The same key on a retry makes one photo, however often the connection failed. */
  idempotencyKey: string;
  onProgress(share: number): void;
}

/**
 * One photo, multipart, with upload progress (XMLHttpRequest: fetch cannot report it). The fields
 * go before the file so the server knows the task before it reads the image.
 */
export function uploadPhoto(request: UploadRequest): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('phase', request.phase);
  if (request.taskId) form.append('taskId', request.taskId);
  if (request.referenceObject) form.append('referenceObject', request.referenceObject);
  if (request.note) form.append('note', request.note);
  if (request.position) {
    form.append('lon', request.position.lon.toFixed(7));
    form.append('lat', request.position.lat.toFixed(7));
  }
  for (const [name, value] of Object.entries(phoneUploadFields(request.exif, request.reported)))
    form.append(name, value);
  if (request.watermark) form.append('watermark', '1');
  if (request.upload) form.append('upload', request.upload);
  else form.append('file', request.file, request.fileName);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/zones/${encodeURIComponent(request.zoneId)}/photos`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', request.idempotencyKey);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = uploadAnswerSchema.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(xhr.status, null));
        return;
      }
      if (xhr.status === 401) notifyUnauthorized();
      const problem = problemSchema.safeParse(body);
      reject(new ApiError(xhr.status, problem.success ? problem.data : null));
    };
    // A dropped connection: no status; the caller may retry with the same key.
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(form);
  });
}

/** A part of an upload sent in parts: small enough to get through on one bar of signal. */
export const UPLOAD_PART_BYTES = 256 * 1024;
const uploadStateSchema = z.object({ id: z.string(), bytes: z.number(), offset: z.number() });

/**
 * Send `file` in parts (docs/field.md): go on with the upload `uploadId` from where the server says it is, or open
 * a new one (`onOpened` keeps its id, so a later try resumes it), then send the rest part by part. A part whose
 * answer was lost is not sent twice: the server names its offset and the parts go on from there. A dropped link
 * throws; the next try resumes. Answers the finished upload's id.
 */
export async function sendInParts(
  file: Blob,
  fileName: string,
  uploadId: string | null,
  onOpened: (id: string) => Promise<void>,
  onProgress: (share: number) => void = () => undefined,
): Promise<string> {
  let state = uploadId
    ? await getJson(`/api/uploads/${encodeURIComponent(uploadId)}`, uploadStateSchema).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      })
    : null;
  if (!state) {
    state = (await sendJson('POST', '/api/uploads', { bytes: file.size, fileName }, uploadStateSchema)).data!;
    await onOpened(state.id);
  }
  let offset = state.offset;
  while (offset < file.size) {
    const last = Math.min(offset + UPLOAD_PART_BYTES, file.size) - 1;
    try {
      offset = (
        await sendBytes(`/api/uploads/${state.id}`, file.slice(offset, last + 1), uploadStateSchema, {
          'Content-Range': `bytes ${offset}-${last}/${file.size}`,
        })
      ).offset;
    } catch (error) {
      const resume = error instanceof ApiError && error.status === 409 ? error.problem?.offset : undefined;
      if (resume === undefined) throw error;
      offset = resume;
    }
    onProgress(offset / file.size);
  }
  return state.id;
}

/** Place a photo without GPS by hand (or move it). */
export function usePlacePhoto(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ photo, lon, lat }: { photo: Photo; lon: number; lat: number }) =>
      (
        await sendJson(
          'PATCH',
          `/api/photos/${encodeURIComponent(photo.id)}/position`,
          { lon: Number(lon.toFixed(7)), lat: Number(lat.toFixed(7)) },
          photoSchema,
        )
      ).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: photoKeys.ofZone(zoneId) }),
  });
}

/** After uploads: the photos, the task (photo counts, thread) and the zone refresh. */
export function useAfterUpload(zoneId: string) {
  const client = useQueryClient();
  return (taskId: string | null) =>
    Promise.all([
      client.invalidateQueries({ queryKey: photoKeys.ofZone(zoneId) }),
      client.invalidateQueries({ queryKey: zoneKeys.tasks(zoneId) }),
      ...(taskId ? [client.invalidateQueries({ queryKey: taskKeys.detail(taskId) })] : []),
    ]);
}

/** Which of a zone's pairs its public page shows (the office's 已公开/未公开; docs/public.md). */
export const usePairPublications = (zoneId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...photoKeys.ofZone(zoneId), 'publications'],
    enabled,
    queryFn: ({ signal }) =>
      getJson(`/api/zones/${encodeURIComponent(zoneId)}/publications`, zonePublicationsSchema, signal),
    select: (data) => new Set(data.afterPhotoIds),
  });

/** Publish (or withdraw) the pair of an after-photo on the public site; the zone's state reloads. */
export function useSetPairPublished(zoneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ afterPhotoId, published }: { afterPhotoId: string; published: boolean }) =>
      (
        await sendJson(
          published ? 'PUT' : 'DELETE',
          `/api/photos/${encodeURIComponent(afterPhotoId)}/publication`,
          undefined,
          pairPublicationSchema,
        )
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: [...photoKeys.ofZone(zoneId), 'publications'] }),
  });
}
