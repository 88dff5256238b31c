import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams } from '../../platform/params';
import { foundOr404, orNotFound } from '../../platform/found';
import { requireItemOwnership } from '../../platform/ownership';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../../platform/config';
import { newStorageKey, type PhotoDerivative } from '../../platform/storage/photo-files';
import { createUploadSlots, processPhoto, receivePhotoParts, type UploadedFile } from '../photos';
import { floodEventUpdateBodySchema, type PointPhoto } from '../../../shared/flood/flood';
import { FLOOD_ITEM } from '../../../shared/campaign/items';

const eventParamsSchema = idParams('event');
const pointParamsSchema = idParams('point');
const photoParamsSchema = idParams('photo');
/** Photos of one point sent at once. */
export const POINT_PHOTOS_PER_UPLOAD = 5;

/**
 * Rainfall events changed, deleted and restored with If-Match, their history (who, when, what changed, from the
 * audit log), and photos per waterlogging point through the photo pipeline (the same checks, limits and derivatives).
 */
export function registerFloodEventRoutes(
  app: FastifyInstance,
  context: RouteContext,
  photoSettings: Partial<PhotoSettings> = {},
): void {
  const { repos } = context;
  const settings: PhotoSettings = { ...DEFAULT_PHOTO_SETTINGS, ...photoSettings };
  // Point photos running at once, per user and in all, with the photo evidence's caps (docs/quality.md R11).
  const slots = createUploadSlots({ perUser: settings.uploadsPerUser, total: settings.uploadsTotal });
  const requireWriter = async (request: FastifyRequest) =>
    requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
  const eventOf = async (request: FastifyRequest, includeDeleted = false) => {
    const { id } = parseOr400(eventParamsSchema, request.params, 'event id');
    return foundOr404(await repos.flood.getEvent(id, includeDeleted), 'Rainfall event', id);
  };

  app.get('/api/flood-events/:id', async (request, reply) => {
    const event = await eventOf(request, true);
    reply.header('ETag', etagOf(event.version));
    return event;
  });

  app.get('/api/flood-events/:id/history', async (request) => {
    const event = await eventOf(request, true);
    return repos.flood.eventHistory(Number(event.id));
  });

  app.put('/api/flood-events/:id', async (request, reply) => {
    await requireWriter(request);
    const current = await eventOf(request);
    const version = expectedVersion(request, current.version, current);
    const body = parseOr400(floodEventUpdateBodySchema, request.body, 'flood event');
    if (body.occurredOn > context.today()) {
      throw new HttpProblem(400, 'The event date is in the future', [{ path: 'occurredOn', message: 'in the future' }]);
    }
    const known = new Set(current.points.map((point) => point.id));
    const unknown = body.points.findIndex((point) => point.id !== undefined && !known.has(point.id));
    if (unknown >= 0) {
      throw new HttpProblem(400, `Point ${body.points[unknown]!.id} is not a point of event ${current.id}`, [
        { path: `points.${unknown}.id`, message: 'not a point of this event' },
      ]);
    }
    const saved = await repos.flood.updateEvent(Number(current.id), body, version, writeActor(request));
    if (!saved) {
      const now = await repos.flood.getEvent(Number(current.id), true);
      throw staleProblem({ currentVersion: now?.version ?? null, current: now });
    }
    reply.header('ETag', etagOf(saved.version));
    return saved;
  });

  app.delete('/api/flood-events/:id', async (request, reply) => {
    await requireWriter(request);
    const current = await eventOf(request);
    const version = expectedVersion(request, current.version, current);
    if (!(await repos.flood.deleteEvent(Number(current.id), version, writeActor(request)))) {
      throw staleProblem({ current: await repos.flood.getEvent(Number(current.id), true) });
    }
    return reply.code(204).send();
  });

  app.post('/api/flood-events/:id/restore', async (request, reply) => {
    await requireWriter(request);
    const current = await eventOf(request, true);
    if (current.deletedAt === null) throw new HttpProblem(409, `Rainfall event ${current.id} is not deleted`);
    const version = expectedVersion(request, current.version, current);
    const restored = await repos.flood.restoreEvent(Number(current.id), version, writeActor(request));
    if (!restored) throw staleProblem({ current: await repos.flood.getEvent(Number(current.id), true) });
    reply.header('ETag', etagOf(restored.version));
    return restored;
  });

  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024),
        files: POINT_PHOTOS_PER_UPLOAD,
        fields: 0,
        parts: POINT_PHOTOS_PER_UPLOAD,
        headerPairs: 50,
      },
    });

    scope.post('/api/flood-points/:id/photos', async (request, reply) => {
      await requireWriter(request);
      const { id } = parseOr400(pointParamsSchema, request.params, 'point id');
      foundOr404(await repos.flood.livePoint(id), 'Waterlogging point', id);
      if (!request.isMultipart()) throw new HttpProblem(415, 'Send the photos as multipart/form-data in "file"');
      // Before any of the body is read: past the caps, a 503 with Retry-After.
      const release = slots.acquire(request.user!.id);
      const files: UploadedFile[] = [];
      try {
        await receivePhotoParts(
          request,
          () => repos.photoFiles.uploadPath(),
          settings,
          { fields: [], maxFiles: POINT_PHOTOS_PER_UPLOAD, failFastEvery: true },
          files,
        );
        if (!files.length) {
          throw new HttpProblem(400, 'No photo: send it in a "file" field', [{ path: 'file', message: 'required' }]);
        }
        const photos: PointPhoto[] = [];
        for (const file of files) {
          if (file.refused) throw file.refused;
          const processed = await processPhoto(file.path, settings.maxMegapixels);
          const storageKey = newStorageKey();
          await repos.photoFiles.save(storageKey, {
            originalPath: file.path,
            thumb: processed.thumb,
            display: processed.display,
          });
          photos.push(
            await repos.flood.addPointPhoto(
              id,
              { storageKey, width: processed.width, height: processed.height, bytes: file.bytes },
              writeActor(request),
            ),
          );
        }
        return reply.code(201).send({ photos });
      } finally {
        release();
        await Promise.all(files.map((file) => rm(file.path, { force: true })));
      }
    });
  });

  const serveDerivative = (kind: PhotoDerivative) =>
    app.get(`/api/flood-point-photos/:id/${kind}`, async (request, reply) => {
      const { id } = parseOr400(photoParamsSchema, request.params, 'photo id');
      const key = foundOr404(await repos.flood.pointPhotoKey(id), 'Photo', id);
      const bytes = orNotFound(
        await repos.photoFiles.readDerivative(key, kind),
        `The ${kind} image of photo ${id} is missing`,
      );
      return reply
        .type('image/jpeg')
        .header('Cache-Control', 'private, max-age=31536000, immutable')
        .header('X-Content-Type-Options', 'nosniff')
        .send(bytes);
    });
  serveDerivative('thumb');
  serveDerivative('display');
}
