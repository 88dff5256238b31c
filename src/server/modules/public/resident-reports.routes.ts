import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { foundOr404, orNotFound } from '../../platform/found';
import { idString } from '../../platform/params';
import { hashToken } from '../../platform/auth/guard';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../../platform/config';
import { newStorageKey } from '../../platform/storage/photo-files';
import { processPhoto, receivePhotoParts, type UploadedFile } from '../photos';
import { pairDistanceMeters } from '../../../shared/photos/photo';
import {
  NEARBY_METERS,
  REPORT_CATEGORIES,
  REPORT_FIELDS,
  REPORT_MAX_PHOTOS,
  REPORT_TOKEN_PATTERN,
  nearbyQuerySchema,
  reportFeedbackBodySchema,
  reportFieldsSchema,
  type FollowedReport,
  type NearbyReport,
  type ReportCategory,
  type ReportStatus,
} from '../../../shared/public/reports';
import type { ReportPhotoRow, ResidentReportRow } from './resident-reports.rows';
import { DAY_MS, HOUR_MS, type PublicLimits } from './public-limits';

const tokenParamsSchema = z.object({
  token: z.string().check(z.regex(REPORT_TOKEN_PATTERN, 'not a report token')),
});
const reportIdParamsSchema = z.object({ id: idString('report id must be a positive whole number') });
const reportPhotoParamsSchema = z.object({
  token: tokenParamsSchema.shape.token,
  photoId: idString('photo id must be a positive whole number'),
});

/** The address of a report photo as its reporter reads it (the display image, no metadata). */
export const reportPhotoUrl = (token: string, photoId: number) => `/api/public/reports/${token}/photos/${photoId}`;

/** Where a report stands for its reporter: its case's closing is the loop's last step. */
export function reportStatusOf(row: ResidentReportRow): ReportStatus {
  return row.case_status === 'closed' && row.status !== 'rejected' ? 'closed' : row.status;
}

/** Who the case's steps name when a resident's 不满意 reopens it (no account acts). */
export const RESIDENT_ACTOR_NAME = '公众回访';

/** A window's rate limit as a 429 problem with Retry-After. */
function tooMany(detail: string, windowMs: number): HttpProblem {
  return new HttpProblem(429, detail, undefined, undefined, { 'Retry-After': String(Math.ceil(windowMs / 1000)) });
}

/** 随手拍: residents' reports with photos, following one by its token, 我也遇到 (docs/public.md). */
export function registerResidentReportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: { photos?: Partial<PhotoSettings>; limits: PublicLimits },
): void {
  const { repos } = context;
  const settings: PhotoSettings = { ...DEFAULT_PHOTO_SETTINGS, ...options.photos };
  const { limits } = options;

  /** Count a request under `key`; past `max` in the window → 429. */
  const limit = async (key: string, max: number, windowMs: number, detail: string) => {
    const count = await repos.residentReports.hitRateLimit(key, windowMs, context.now().getTime());
    if (count > max) throw tooMany(detail, windowMs);
  };
  const limitActions = (request: FastifyRequest) =>
    limit(
      `action:ip:${request.ip}`,
      limits.actionsPerAddressPerHour,
      HOUR_MS,
      'Too many answers from this address: try again in an hour',
    );

  const reportOfToken = async (request: FastifyRequest) => {
    const { token } = parseOr400(tokenParamsSchema, request.params, 'report token');
    const row = orNotFound(await repos.residentReports.byTokenHash(hashToken(token)), 'There is no such report');
    return { token, row };
  };

  /** The report as its reporter follows it. */
  const followed = async (token: string, row: ResidentReportRow): Promise<FollowedReport> => {
    const photos = await repos.residentReports.photos(row.id);
    const urls = (kind: ReportPhotoRow['kind']) =>
      photos.filter((photo) => photo.kind === kind).map((photo) => reportPhotoUrl(token, photo.id));
    const status = reportStatusOf(row);
    const feedback = await repos.residentReports.feedback(row.id);
    return {
      id: String(row.id),
      category: row.category as ReportCategory,
      description: row.description,
      status,
      rejectReason: row.status === 'rejected' ? row.reject_reason : null,
      createdAt: row.created_at,
      meToo: row.me_too_count,
      photos: urls('report'),
      afterPhoto: status === 'closed' ? (urls('after').at(-1) ?? null) : null,
      feedback: feedback
        ? { resolved: feedback.resolved === 1, satisfied: feedback.satisfied === 1, createdAt: feedback.created_at }
        : null,
    };
  };

  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024),
        files: REPORT_MAX_PHOTOS,
        fields: 10,
        fieldSize: 4096,
        parts: REPORT_MAX_PHOTOS + 10,
        headerPairs: 50,
      },
    });

    scope.post('/api/public/reports', async (request, reply) => {
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Send the report as multipart/form-data with a "file" photo and its fields');
      }
      // Before any of the body is read.
      await limit(
        `report:ip:${request.ip}`,
        limits.reportsPerAddressPerHour,
        HOUR_MS,
        'Too many reports from this address: try again in an hour',
      );
      const files: UploadedFile[] = [];
      const stored: string[] = [];
      try {
        const fields = await receivePhotoParts(
          request,
          () => repos.photoFiles.uploadPath(),
          settings,
          { fields: REPORT_FIELDS, maxFiles: REPORT_MAX_PHOTOS, failFastEvery: true },
          files,
        );
        const body = parseOr400(reportFieldsSchema, fields, 'report fields');
        if (!files.length) {
          throw new HttpProblem(400, 'No photo: send at least one in a "file" field', [
            { path: 'file', message: 'required' },
          ]);
        }
        if (body.phone) {
          await limit(
            `report:phone:${hashToken(body.phone)}`,
            limits.reportsPerPhonePerDay,
            DAY_MS,
            'Too many reports with this phone number today: try again tomorrow',
          );
        }
        const now = context.now().toISOString();
        const photos = [];
        for (const file of files) {
          if (file.refused) throw file.refused;
          const processed = await processPhoto(file.path, settings.maxMegapixels);
          const storageKey = newStorageKey();
          await repos.photoFiles.save(storageKey, {
            originalPath: file.path,
            thumb: processed.thumb,
            display: processed.display,
          });
          stored.push(storageKey);
          photos.push({ storageKey, width: processed.width, height: processed.height, bytes: file.bytes });
        }
        const token = randomBytes(32).toString('base64url');
        const id = await repos.residentReports.create({
          tokenHash: hashToken(token),
          category: body.category,
          code: REPORT_CATEGORIES[body.category],
          description: body.description ?? '',
          lon: body.lon,
          lat: body.lat,
          phone: body.phone ?? null,
          createdAt: now,
          photos,
        });
        stored.length = 0;
        return reply.code(201).send({ token, id: String(id) });
      } finally {
        await Promise.all(files.map((file) => rm(file.path, { force: true })));
        // Stored files of a report that was then refused go too.
        await Promise.all(stored.map((key) => repos.photoFiles.remove(key)));
      }
    });
  });

  app.get('/api/public/reports/nearby', async (request): Promise<{ reports: NearbyReport[] }> => {
    const query = parseOr400(nearbyQuerySchema, request.query, 'query');
    // A box a little larger than the distance, then the exact distance.
    const dLat = (NEARBY_METERS * 1.2) / 111_320;
    const dLon = dLat / Math.max(0.1, Math.cos((query.lat * Math.PI) / 180));
    const rows = await repos.residentReports.openInBox(query.category, {
      minLon: query.lon - dLon,
      maxLon: query.lon + dLon,
      minLat: query.lat - dLat,
      maxLat: query.lat + dLat,
    });
    const reports = rows
      .map((row) => ({ row, meters: pairDistanceMeters(query, { lon: row.lon, lat: row.lat }) }))
      .filter(({ meters }) => meters <= NEARBY_METERS)
      .sort((a, b) => a.meters - b.meters)
      .map(({ row, meters }) => ({
        id: String(row.id),
        category: row.category as ReportCategory,
        distanceMeters: Math.round(meters),
        meToo: row.me_too_count,
        createdAt: row.created_at,
      }));
    return { reports };
  });

  app.post('/api/public/reports/:id/me-too', async (request) => {
    const { id } = parseOr400(reportIdParamsSchema, request.params, 'report id');
    await limitActions(request);
    const count = await repos.residentReports.addMeToo(id, context.now().toISOString());
    if (count === null) {
      foundOr404(await repos.residentReports.byId(id), 'Report', id);
      throw new HttpProblem(409, `Report ${id} is closed: report the problem anew if it is back`);
    }
    return { id: String(id), meToo: count };
  });

  app.get('/api/public/reports/:token', async (request) => {
    const { token, row } = await reportOfToken(request);
    return followed(token, row);
  });

  // 解决了吗？满意吗？ once the case is closed; 不满意 with a reason reopens the case for 核查.
  app.post('/api/public/reports/:token/feedback', async (request, reply) => {
    const { token, row } = await reportOfToken(request);
    await limitActions(request);
    const body = parseOr400(reportFeedbackBodySchema, request.body, 'feedback');
    if (reportStatusOf(row) !== 'closed' || row.case_id === null) {
      throw new HttpProblem(409, 'The report is not closed yet: answer once it is');
    }
    const now = context.now().toISOString();
    const added = await repos.residentReports.addFeedback({
      reportId: row.id,
      caseId: row.case_id,
      unitId: row.case_unit,
      itemCode: row.case_item,
      resolved: body.resolved,
      satisfied: body.satisfied,
      reason: body.reason ?? '',
      now,
    });
    if (!added) throw new HttpProblem(409, 'This report was already answered');
    if (!body.satisfied) {
      const cityCase = (await repos.cases.getCase(row.case_id, now))!;
      await repos.cases.applyAction(
        row.case_id,
        cityCase.version,
        'reopen',
        'office',
        { reason: body.reason ?? '' },
        { id: null, username: null, ip: request.ip, name: RESIDENT_ACTOR_NAME, role: null, unit: null },
        now,
      );
    }
    const updated = (await repos.residentReports.byId(row.id))!;
    return reply.code(201).send(await followed(token, updated));
  });

  app.get('/api/public/reports/:token/photos/:photoId', async (request, reply) => {
    const { token, photoId } = parseOr400(reportPhotoParamsSchema, request.params, 'report photo');
    const row = orNotFound(await repos.residentReports.byTokenHash(hashToken(token)), 'There is no such report');
    const photo = foundOr404(await repos.residentReports.photo(row.id, photoId), 'Photo', photoId);
    const bytes = orNotFound(
      await repos.photoFiles.readDerivative(photo.storage_key, 'display'),
      'The photo is missing',
    );
    return reply
      .type('image/jpeg')
      .header('Cache-Control', 'private, max-age=300')
      .header('X-Content-Type-Options', 'nosniff')
      .send(bytes);
  });
}
