import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foundOr404, notFoundProblem, orNotFound } from '../../platform/found';
import { zoneOr404 } from '../zones';
import fastifyMultipart from '@fastify/multipart';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { sanitizeFileName } from '../../platform/storage/file-names';
import { auditedDeny } from '../../platform/audit';
import { mayWriteZone } from '../../../shared/campaign/ownership';
import { ID_PATTERN, idParams, idParamsSchema, idString } from '../../platform/params';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../../platform/config';
import { processPhoto, type PhotoExif } from './photo-processing';
import { watermarkLines } from '../../../shared/photos/watermark';
import { MAX_FILES_PER_UPLOAD, receivePhotoParts, type UploadedFile } from './photo-upload';
import { createUploadSlots } from './upload-slots';
import { registerUploadSessions, UPLOAD_ID } from './upload-sessions.routes';
import { idempotencyKeyOf } from '../../platform/idempotency/idempotency';
import { newStorageKey, type PhotoDerivative } from '../../platform/storage/photo-files';
import type { StoredPhoto } from './photos.repo';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { Task, ZoneFeature } from '../../../shared/zones/zone';
import {
  PHONE_UPLOAD_FIELDS,
  PHOTO_NOTE_MAX_LENGTH,
  REFERENCE_OBJECT_MAX_LENGTH,
  photoPhaseSchema,
  photoPositionBodySchema,
  type Photo,
} from '../../../shared/photos/photo';

const FIELDS = [
  'phase',
  'taskId',
  'referenceObject',
  'note',
  'lon',
  'lat',
  'upload',
  'watermark',
  ...PHONE_UPLOAD_FIELDS,
] as const;

const photoIdParamsSchema = idParams('photo');
const listQuerySchema = z.strictObject({
  taskId: z.optional(idString('taskId must be a positive whole number')),
});
const coordinate = z.pipe(
  z.string().check(z.trim(), z.regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'must be a decimal number of degrees')),
  z.transform(Number),
);
/** An instant as the phone sends it: ISO 8601 with seconds and an offset (Z or ±hh:mm). */
const instant = z.string().check(
  z.trim(),
  z.regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO 8601 time with an offset',
  ),
  z.refine((value) => Number.isFinite(Date.parse(value)), 'must be a real time'),
);
const decimal = (what: string, max: number) =>
  z.pipe(
    z.string().check(z.trim(), z.regex(/^\d{1,6}(\.\d{1,6})?$/, `${what} must be a decimal number`)),
    z.pipe(z.transform(Number), z.number().check(z.maximum(max, `${what} must be at most ${max}`))),
  );
const uploadFieldsSchema = z.strictObject({
  phase: photoPhaseSchema,
  taskId: z.optional(idString('taskId must be a positive whole number')),
  referenceObject: z.optional(
    z.string().check(z.trim(), z.maxLength(REFERENCE_OBJECT_MAX_LENGTH, 'at most 80 characters')),
  ),
  note: z.optional(z.string().check(z.trim(), z.maxLength(PHOTO_NOTE_MAX_LENGTH, 'at most 500 characters'))),
  lon: z.optional(coordinate),
  lat: z.optional(coordinate),
  // 水印: draw time, place, unit and task on the display image (docs/field.md); the original stays clean.
  watermark: z.optional(z.enum(['1', '0'], 'watermark must be 1 or 0')),
  // An upload sent in parts (upload-sessions.routes.ts), instead of a file.
  upload: z.optional(z.string().check(z.regex(UPLOAD_ID, 'upload must be the id of an upload (32 hex digits)'))),
  // The EXIF the phone read from the original before resizing it, and the phone's own report (docs/field.md).
  exifTakenAt: z.optional(instant),
  exifLon: z.optional(coordinate),
  exifLat: z.optional(coordinate),
  exifBearing: z.optional(decimal('exifBearing', 359.9)),
  reportedLon: z.optional(coordinate),
  reportedLat: z.optional(coordinate),
  reportedAccuracy: z.optional(decimal('reportedAccuracy', 100_000)),
  reportedAt: z.optional(instant),
});

/** A position given as two fields: both or neither, within WGS 84's ranges (400 otherwise). */
function positionOf(lon: number | undefined, lat: number | undefined, what: [string, string]) {
  if ((lon === undefined) !== (lat === undefined)) {
    throw new HttpProblem(400, `A position needs both ${what[0]} and ${what[1]}`, [
      { path: lon === undefined ? what[0] : what[1], message: 'required with the other' },
    ]);
  }
  if (lon === undefined || lat === undefined) return null;
  const position = { lon, lat };
  if (!photoPositionBodySchema.safeParse(position).success) {
    throw new HttpProblem(400, `${what[0]} must be within ±180 and ${what[1]} within ±90 degrees (WGS 84)`);
  }
  return position;
}

/**
 * Photo evidence: uploads (sniffed, pixel-capped, EXIF read, stripped upright derivatives), the
 * zone's photo list, metadata, the two derivatives, manual placing, soft delete. Originals are
 * stored privately and no route serves them.
 */
export function registerPhotoRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: Partial<PhotoSettings> = {},
): void {
  const settings: PhotoSettings = { ...DEFAULT_PHOTO_SETTINGS, ...options };
  const { repos } = context;
  const slots = createUploadSlots({ perUser: settings.uploadsPerUser, total: settings.uploadsTotal });
  const uploads = registerUploadSessions(app, context, settings, slots);

  const deny = (request: FastifyRequest, reason: string, message: string): Promise<never> =>
    auditedDeny(repos.audit, request, { reason, message, withPath: true });

  /**
   * Who may add and place photos in a zone: admin and planners everywhere (matrix `allow`); a unit
   * (`own`) where its unit leads the item or the zone, is a responsible unit of the zone, or is the
   * assigned unit of the photo's task.
   */
  const mayWrite = (request: FastifyRequest, zone: ZoneFeature, task: Task | null, config: CampaignResponse) => {
    if (request.access === 'allow') return true;
    // Not `allow`: the unit-limited kind (src/shared/campaign/ownership.ts).
    return mayWriteZone({ role: 'unit', unit: request.user?.unit ?? null }, zone, config, task).allowed;
  };
  const requireWriter = async (request: FastifyRequest, zone: ZoneFeature, task: Task | null) => {
    if (mayWrite(request, zone, task, await context.campaign())) return;
    await deny(
      request,
      `unit ${request.user?.unit ?? '-'} neither leads, is responsible for, nor is assigned work in zone ${zone.id}`,
      'Your unit neither leads this zone’s item, nor is a responsible unit of the zone, nor is assigned this task: only they, planners and the campaign office may add or place its photos',
    );
  };

  const zoneOfRequest = async (request: FastifyRequest) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    return { id, zone };
  };
  const photoOr404 = async (request: FastifyRequest): Promise<StoredPhoto> => {
    const { id } = parseOr400(photoIdParamsSchema, request.params, 'photo id');
    const photo = foundOr404(await repos.photos.get(id), 'Photo', id);
    // A deleted zone's photos go with it (until the campaign office restores the zone).
    if (!(await repos.zones.getZone(Number(photo.zoneId), context.today()))) {
      throw new HttpProblem(404, `Photo ${id} belongs to a deleted zone`);
    }
    return photo;
  };
  const findTask = async (zoneId: number, taskId: number): Promise<Task | null> =>
    (await repos.tasks.listTasksOfZone(zoneId, context.today())).find((task) => task.id === String(taskId)) ?? null;
  const taskOfZone = async (zoneId: number, taskId: number | undefined): Promise<Task | null> => {
    if (taskId === undefined) return null;
    const task = await findTask(zoneId, taskId);
    if (!task) {
      throw new HttpProblem(400, `Task ${taskId} is not a task of zone ${zoneId}`, [
        { path: 'taskId', message: 'not a task of this zone' },
      ]);
    }
    return task;
  };
  /** The API shape: the storage key and the uploader's id stay on the server. */
  const publicPhoto = ({ storageKey: _key, uploaderId: _uploader, ...photo }: StoredPhoto): Photo => photo;

  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024),
        files: MAX_FILES_PER_UPLOAD,
        fields: 20,
        fieldSize: 4096,
        parts: MAX_FILES_PER_UPLOAD + 20,
        headerPairs: 50,
      },
    });

    scope.get('/api/zones/:id/photos', async (request) => {
      const { id } = await zoneOfRequest(request);
      const { taskId } = parseOr400(listQuerySchema, request.query, 'query');
      return { photos: (await repos.photos.list(id, taskId)).map(publicPhoto) };
    });

    scope.post('/api/zones/:id/photos', async (request, reply) => {
      const { id: zoneId, zone } = await zoneOfRequest(request);
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Send photos as multipart/form-data with one or more "file" fields and a "phase"');
      }
      const keyHeader = idempotencyKeyOf(request);
      const config = await context.campaign();
      // Before any of the body is read: past the caps, a 503 with Retry-After (R11).
      const release = slots.acquire(request.user!.id);
      const files: UploadedFile[] = [];
      try {
        return await receiveAndStore(request, reply, zoneId, zone, config, keyHeader, files);
      } finally {
        release();
        // Stored files were moved away; whatever is left (refused, failed, aborted) goes.
        await Promise.all(files.map((file) => rm(file.path, { force: true })));
      }
    });

    /** The upload after its slot is taken: stream the parts to temporary files, then check and store each. */
    const receiveAndStore = async (
      request: FastifyRequest,
      reply: FastifyReply,
      zoneId: number,
      zone: ZoneFeature,
      config: CampaignResponse,
      keyHeader: string | undefined,
      files: UploadedFile[],
    ) => {
      const started = performance.now();
      let authorised = mayWrite(request, zone, null, config);
      const fields = await receivePhotoParts(
        request,
        () => repos.photoFiles.uploadPath(),
        settings,
        {
          fields: FIELDS,
          maxFiles: MAX_FILES_PER_UPLOAD,
          failFastEvery: false,
          // A unit allowed only through its task must name the task before the first file is read.
          beforeFile: async (sent) => {
            if (authorised) return;
            const taskId = ID_PATTERN.test(sent.taskId ?? '') ? Number(sent.taskId) : undefined;
            const task = taskId === undefined ? null : await taskOfZone(zoneId, taskId);
            await requireWriter(request, zone, task);
            authorised = true;
          },
        },
        files,
      );
      const body = parseOr400(uploadFieldsSchema, fields, 'upload fields');
      const task = await taskOfZone(zoneId, body.taskId);
      if (!authorised) await requireWriter(request, zone, task);
      if (body.upload !== undefined) {
        if (files.length) throw new HttpProblem(400, 'Send either a file or an upload, not both');
        const file: UploadedFile = {
          name: sanitizeFileName(body.upload),
          path: repos.photoFiles.uploadPath(),
          bytes: 0,
          refused: null,
        };
        files.push(file);
        const assembled = await uploads.assemble(body.upload, request.user!.id, file);
        if (!assembled) {
          // Finished before, and its answer lost: the key finds the photo it made.
          const earlier =
            keyHeader === undefined ? null : await repos.photos.findByIdempotencyKey(request.user!.id, keyHeader);
          if (earlier) return reply.code(200).send({ photos: [publicPhoto(earlier)] });
          throw notFoundProblem('Upload', body.upload);
        }
        Object.assign(file, assembled);
      }
      if (!files.length) {
        throw new HttpProblem(400, 'No photo: send the image in a "file" field', [
          { path: 'file', message: 'required' },
        ]);
      }
      const manual = positionOf(body.lon, body.lat, ['lon', 'lat']);
      const sentExif = {
        takenAt: body.exifTakenAt ?? null,
        position: positionOf(body.exifLon, body.exifLat, ['exifLon', 'exifLat']),
        bearing: body.exifBearing ?? null,
      };
      const reportedPosition = positionOf(body.reportedLon, body.reportedLat, ['reportedLon', 'reportedLat']);
      const reported =
        reportedPosition || body.reportedAccuracy !== undefined || body.reportedAt
          ? { position: reportedPosition, accuracyM: body.reportedAccuracy ?? null, at: body.reportedAt ?? null }
          : null;
      const referenceObject = body.referenceObject ?? '';
      const unitId = request.user!.unit ?? task?.assignedUnit ?? null;
      const watermark =
        body.watermark === '1'
          ? (exif: PhotoExif) =>
              watermarkLines({
                at: new Date(exif.takenAt ?? sentExif.takenAt ?? reported?.at ?? context.now().toISOString()),
                place: zone.properties.village ?? zone.properties.name,
                position: exif.position ?? sentExif.position ?? manual ?? reported?.position ?? null,
                unit: config.units.find((unit) => unit.id === unitId)?.name ?? null,
                task: task?.title ?? null,
              })
          : undefined;
      if (body.phase === 'after') {
        if (!task) {
          throw new HttpProblem(400, 'An after photo belongs to a task: give taskId', [
            { path: 'taskId', message: 'required for an after photo' },
          ]);
        }
        if (!(await repos.photos.findPairPartner(Number(task.id), referenceObject))) {
          throw new HttpProblem(409, `Task ${task.id} has no before photo yet: take the before photo first`);
        }
      }

      const received = performance.now();
      const photos: Photo[] = [];
      const rejected: {
        file: string;
        index: number;
        status: number;
        detail: string;
        headers: Record<string, string> | undefined;
      }[] = [];
      let created = 0;
      for (const [index, file] of files.entries()) {
        const idempotencyKey = keyHeader === undefined ? null : index === 0 ? keyHeader : `${keyHeader} #${index + 1}`;
        const uploaderId = request.user!.id;
        if (idempotencyKey !== null) {
          const existing = await repos.photos.findByIdempotencyKey(uploaderId, idempotencyKey);
          if (existing) {
            photos.push(publicPhoto(existing));
            continue;
          }
        }
        try {
          if (file.refused) throw file.refused;
          const processed = await processPhoto(file.path, settings.maxMegapixels, watermark);
          const storageKey = newStorageKey();
          await repos.photoFiles.save(storageKey, {
            originalPath: file.path,
            thumb: processed.thumb,
            display: processed.display,
          });
          // The file's own EXIF first; else what the phone read from the original before resizing it; else by hand.
          const exifPosition = processed.position ?? sentExif.position;
          const position = exifPosition ?? manual;
          const result = await repos.photos.create(
            {
              zoneId,
              taskId: task ? Number(task.id) : null,
              phase: body.phase,
              referenceObject,
              note: body.note ?? '',
              storageKey,
              originalName: file.name,
              mime: processed.mime,
              width: processed.width,
              height: processed.height,
              bytes: file.bytes,
              takenAt: processed.takenAt ?? sentExif.takenAt,
              position,
              positionSource: exifPosition ? 'exif' : manual ? 'manual' : null,
              bearing: processed.bearing ?? sentExif.bearing,
              reported,
              idempotencyKey,
              uploaderId,
            },
            settings.pairMaxMeters,
            writeActor(request),
          );
          if ('created' in result) {
            created += 1;
            photos.push(publicPhoto(result.created));
            continue;
          }
          await repos.photoFiles.remove(storageKey);
          if ('duplicate' in result) photos.push(publicPhoto(result.duplicate));
          else throw new HttpProblem(409, 'The before photo was deleted meanwhile: take the before photo first');
        } catch (error) {
          if (!(error instanceof HttpProblem)) throw error;
          rejected.push({ file: file.name, index, status: error.status, detail: error.detail, headers: error.headers });
        }
      }
      // The upload sent in parts is done with, unless the store did not answer (503: it is sent again).
      if (body.upload !== undefined && (photos.length || rejected.every((entry) => entry.status < 500))) {
        await uploads.remove(body.upload);
      }
      if (!photos.length) {
        const [first] = rejected;
        // A 503 (the photo store does not answer) keeps its Retry-After.
        if (rejected.length === 1)
          throw new HttpProblem(first!.status, first!.detail, undefined, undefined, first!.headers);
        const same = rejected.every((entry) => entry.status === first!.status);
        throw new HttpProblem(
          same ? first!.status : 400,
          `None of the ${rejected.length} files was accepted: ${first!.detail}`,
          rejected.map((entry) => ({ path: `file[${entry.index}]`, message: entry.detail })),
          undefined,
          same ? first!.headers : undefined,
        );
      }
      // The task's update thread shows the new photos.
      if (task && created) {
        await repos.tasks.addThreadEntry(Number(task.id), 'photo', writeActor(request), body.note ?? '', {
          phase: body.phase,
          count: created,
          photoIds: photos.map((photo) => photo.id),
        });
      }
      // Time to receive the body, and to check, store and thumbnail the files (benchmark P7 reads it).
      reply.header(
        'Server-Timing',
        `receive;dur=${(received - started).toFixed(1)}, store;dur=${(performance.now() - received).toFixed(1)}`,
      );
      return reply.code(created ? 201 : 200).send(rejected.length ? { photos, rejected } : { photos });
    };

    scope.get('/api/photos/:id', async (request) => publicPhoto(await photoOr404(request)));

    const serveDerivative = (kind: PhotoDerivative) =>
      scope.get(`/api/photos/:id/${kind}`, async (request, reply) => {
        const photo = await photoOr404(request);
        const bytes = orNotFound(
          await repos.photoFiles.readDerivative(photo.storageKey, kind),
          `The ${kind} image of photo ${photo.id} is missing`,
        );
        return reply
          .type('image/jpeg')
          .header('Cache-Control', 'private, max-age=31536000, immutable')
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Disposition', `inline; filename="photo-${photo.id}-${kind}.jpg"`)
          .send(bytes);
      });
    serveDerivative('thumb');
    serveDerivative('display');

    scope.patch('/api/photos/:id/position', async (request) => {
      const { id } = parseOr400(photoIdParamsSchema, request.params, 'photo id');
      const position = parseOr400(photoPositionBodySchema, request.body, 'position');
      const photo = await photoOr404(request);
      const zone = orNotFound(
        await repos.zones.getZone(Number(photo.zoneId), context.today()),
        `The zone of photo ${id} does not exist any more`,
      );
      const task = photo.taskId === null ? null : await findTask(Number(photo.zoneId), Number(photo.taskId));
      await requireWriter(request, zone, task);
      const moved = foundOr404(
        await repos.photos.setPosition(id, position, settings.pairMaxMeters, writeActor(request)),
        'Photo',
        id,
      );
      return publicPhoto(moved);
    });

    scope.delete('/api/photos/:id', async (request, reply) => {
      const photo = await photoOr404(request);
      if (request.access !== 'allow' && photo.uploaderId !== request.user?.id) {
        await deny(
          request,
          `photo ${photo.id} was uploaded by someone else`,
          'Only the person who uploaded a photo, or the campaign office, may delete it',
        );
      }
      if (!(await repos.photos.softDelete(Number(photo.id), writeActor(request), settings.pairMaxMeters))) {
        throw notFoundProblem('Photo', photo.id);
      }
      return reply.code(204).send();
    });
  });
}
