import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { foundOr404, orNotFound } from '../../platform/found';
import { idString } from '../../platform/params';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../../platform/config';
import { newStorageKey } from '../../platform/storage/photo-files';
import { caseActorInfo } from '../cases';
import { processPhoto, receivePhotoParts, type UploadedFile } from '../photos';
import { OPEN_CASE_STATUSES } from '../../../shared/cases/case';
import {
  mergeBodySchema,
  rejectBodySchema,
  triageQuerySchema,
  type ReportCategory,
  type TriageReport,
} from '../../../shared/public/reports';
import type { ResidentReportRow, TriageDecision } from './resident-reports.rows';
import { reportStatusOf } from './resident-reports.routes';

const reportIdParams = z.object({ id: idString('report id must be a positive whole number') });
const photoParams = z.object({
  id: idString('report id must be a positive whole number'),
  photoId: idString('photo id must be a positive whole number'),
});

/** The address of a report photo for the office. */
const officePhotoUrl = (reportId: number, photoId: number) => `/api/public-reports/${reportId}/photos/${photoId}`;

/**
 * The office's triage of residents' reports, inside the cases page: accept into the 数字城管 workflow (source
 * 公众举报), merge into an open case, or reject with a reason the reporter reads; and the after-photo the reporter
 * sees once the case is closed. Phone numbers are answered here only (the office).
 */
export function registerTriageRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: { photos?: Partial<PhotoSettings> },
): void {
  const { repos } = context;
  const settings: PhotoSettings = { ...DEFAULT_PHOTO_SETTINGS, ...options.photos };
  const now = () => context.now().toISOString();

  const toTriage = async (row: ResidentReportRow): Promise<TriageReport> => {
    const photos = await repos.residentReports.photos(row.id);
    const feedback = await repos.residentReports.feedback(row.id);
    const after = photos.filter((photo) => photo.kind === 'after').at(-1);
    return {
      id: String(row.id),
      category: row.category as ReportCategory,
      code: row.code,
      description: row.description,
      lon: row.lon,
      lat: row.lat,
      phone: row.phone,
      status: reportStatusOf(row),
      rejectReason: row.reject_reason,
      caseId: row.case_id === null ? null : String(row.case_id),
      caseNo: row.case_no,
      meToo: row.me_too_count,
      createdAt: row.created_at,
      photos: photos.filter((photo) => photo.kind === 'report').map((photo) => officePhotoUrl(row.id, photo.id)),
      afterPhoto: after ? officePhotoUrl(row.id, after.id) : null,
      feedback: feedback
        ? {
            resolved: feedback.resolved === 1,
            satisfied: feedback.satisfied === 1,
            reason: feedback.reason,
            createdAt: feedback.created_at,
          }
        : null,
    };
  };
  const reportOr404 = async (request: FastifyRequest) => {
    const { id } = parseOr400(reportIdParams, request.params, 'report id');
    return foundOr404(await repos.residentReports.byId(id), 'Report', id);
  };
  const decide = async (request: FastifyRequest, decision: TriageDecision) => {
    const report = await reportOr404(request);
    if (!(await repos.residentReports.triage(report.id, decision, Number(request.user!.id), now()))) {
      throw new HttpProblem(409, `Report ${report.id} was already decided (${report.status})`);
    }
    return report;
  };
  const answer = async (id: number) => toTriage((await repos.residentReports.byId(id))!);

  app.get('/api/public-reports', async (request) => {
    const { status } = parseOr400(triageQuerySchema, request.query, 'query');
    const rows = await repos.residentReports.list(status ?? null);
    return { reports: await Promise.all(rows.map(toTriage)) };
  });

  app.get('/api/public-reports/:id/photos/:photoId', async (request, reply) => {
    const { id, photoId } = parseOr400(photoParams, request.params, 'report photo');
    const photo = foundOr404(await repos.residentReports.photo(id, photoId), 'Photo', photoId);
    const bytes = orNotFound(
      await repos.photoFiles.readDerivative(photo.storage_key, 'display'),
      'The photo is missing',
    );
    return reply.type('image/jpeg').header('Cache-Control', 'private, max-age=300').send(bytes);
  });

  // Accept: claimed first (a second accept gets 409), then the case is reported with the resident's place, code and
  // text as 公众举报, and linked.
  app.post('/api/public-reports/:id/accept', async (request) => {
    const report = await decide(request, { status: 'accepted', caseId: null });
    const code = (await repos.cases.listCodes()).find((candidate) => candidate.code === report.code);
    const cityCase = await repos.cases.createCase(
      {
        code: report.code,
        lon: report.lon,
        lat: report.lat,
        description: report.description,
        address: '',
        source: 'public',
        legacyLabel: code ? `${code.legacyMajor}/${code.legacyLabel}` : null,
      },
      caseActorInfo(request),
      now(),
    );
    await repos.residentReports.linkCase(report.id, Number(cityCase.id));
    return answer(report.id);
  });

  app.post('/api/public-reports/:id/merge', async (request) => {
    const { caseId } = parseOr400(mergeBodySchema, request.body, 'merge');
    const cityCase = foundOr404(await repos.cases.getCase(caseId, now()), 'Case', caseId);
    if (!OPEN_CASE_STATUSES.includes(cityCase.status)) {
      throw new HttpProblem(409, `Case ${cityCase.caseNo} is closed: accept the report as a new case instead`);
    }
    const report = await decide(request, { status: 'merged', caseId });
    return answer(report.id);
  });

  app.post('/api/public-reports/:id/reject', async (request) => {
    const { reason } = parseOr400(rejectBodySchema, request.body, 'reject');
    const report = await decide(request, { status: 'rejected', reason });
    return answer(report.id);
  });

  // The after-photo the reporter sees once the case is closed (one image, the same checks as evidence).
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024), files: 1, fields: 0, parts: 1 },
    });
    scope.post('/api/public-reports/:id/after-photo', async (request, reply) => {
      const report = await reportOr404(request);
      if (report.case_id === null) throw new HttpProblem(409, `Report ${report.id} has no case yet`);
      if (!request.isMultipart()) throw new HttpProblem(415, 'Send the photo as multipart/form-data in "file"');
      const files: UploadedFile[] = [];
      try {
        await receivePhotoParts(
          request,
          () => repos.photoFiles.uploadPath(),
          settings,
          { fields: [], maxFiles: 1, failFastEvery: true },
          files,
        );
        const [file] = files;
        if (!file) throw new HttpProblem(400, 'No photo: send it in a "file" field');
        if (file.refused) throw file.refused;
        const processed = await processPhoto(file.path, settings.maxMegapixels);
        const storageKey = newStorageKey();
        await repos.photoFiles.save(storageKey, {
          originalPath: file.path,
          thumb: processed.thumb,
          display: processed.display,
        });
        await repos.residentReports.addPhoto(
          report.id,
          'after',
          { storageKey, width: processed.width, height: processed.height, bytes: file.bytes },
          now(),
        );
        return reply.code(201).send(await answer(report.id));
      } finally {
        await Promise.all(files.map((file) => rm(file.path, { force: true })));
      }
    });
  });
}
