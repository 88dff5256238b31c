import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { RouteContext } from '../../platform/context';
import { auditActor } from '../../platform/audit';
import { orNotFound } from '../../platform/found';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { stampNow } from '../../platform/clock';
import { DEFAULT_PHOTO_SETTINGS, type PhotoSettings } from '../../platform/config';
import { newStorageKey } from '../../platform/storage/photo-files';
import { createUploadSlots, processPhoto, receivePhotoParts, type UploadedFile } from '../photos';
import { approvedPlanOf } from '../plans';
import {
  ASSESSMENT_TERMS,
  dutiesOf,
  emptyResponsibilityState,
  mayReadLetter,
  RESPONSIBILITY_ISSUER,
  responsibilityParamsSchema,
  responsibilityStateBodySchema,
  responsibilityTitle,
  responsibilityYearQuerySchema,
  type ResponsibilityLetter,
  type ResponsibilityOverview,
  type ResponsibilityState,
} from '../../../shared/responsibility/responsibility';

/**
 * 目标责任书 (src/shared/responsibility): the letter of a unit and year from its approved plan, its signing state
 * (If-Match; version 0 before anything is recorded) and the scan of the signed letter, stored like photo evidence.
 */
export function registerResponsibilityRoutes(
  app: FastifyInstance,
  context: RouteContext,
  photoSettings: Partial<PhotoSettings> = {},
) {
  const { repos } = context;
  const settings: PhotoSettings = { ...DEFAULT_PHOTO_SETTINGS, ...photoSettings };
  const slots = createUploadSlots({ perUser: settings.uploadsPerUser, total: settings.uploadsTotal });

  /** The unit and year of a path: a unit of the campaign (404 otherwise) the caller may read (403 otherwise). */
  async function letterParams(request: FastifyRequest) {
    const { year, unit } = parseOr400(responsibilityParamsSchema, request.params, 'letter');
    const config = await context.campaign();
    if (!config.units.some((entry) => entry.id === unit)) {
      throw new HttpProblem(404, `Unit ${unit} not found`);
    }
    if (!mayReadLetter(unit, request.user!)) {
      throw new HttpProblem(403, 'A unit reads its own 目标责任书 only');
    }
    return { year, unit, config };
  }

  const stateOf = async (unit: string, year: number) =>
    (await repos.responsibility.get(unit, year)) ?? emptyResponsibilityState(unit, year);

  const audit = (request: FastifyRequest, action: string) => (state: ResponsibilityState) => ({
    ...auditActor(request),
    action,
    targetType: 'responsibility_letter',
    targetId: `${state.year}/${state.unit}`,
    outcome: 'ok' as const,
    detail: { signed: state.signed, signedOn: state.signedOn, hasScan: state.hasScan, version: state.version },
  });

  function answerState(reply: FastifyReply, state: ResponsibilityState, status = 200) {
    reply.header('ETag', etagOf(state.version));
    reply.header('Cache-Control', 'no-cache');
    return reply.code(status).send(state);
  }

  app.get('/api/responsibility', async (request, reply) => {
    const { year } = parseOr400(responsibilityYearQuerySchema, request.query, 'year');
    const config = await context.campaign();
    const [states, plans] = await Promise.all([
      repos.responsibility.ofYear(year),
      repos.plans.list({ year }, context.today()),
    ]);
    const stateByUnit = new Map(states.map((state) => [state.unit, state]));
    const planByUnit = new Map(plans.map((plan) => [plan.unit, plan.state]));
    const units = config.units
      .filter((unit) => planByUnit.has(unit.id) || stateByUnit.has(unit.id) || dutiesOf(config.items, unit.id).length)
      .map((unit) => ({
        ...(stateByUnit.get(unit.id) ?? emptyResponsibilityState(unit.id, year)),
        planState: planByUnit.get(unit.id) ?? null,
      }));
    reply.header('Cache-Control', 'no-cache');
    const overview: ResponsibilityOverview = { year, units };
    return overview;
  });

  app.get('/api/responsibility/:year/:unit', async (request, reply) => {
    const { year, unit, config } = await letterParams(request);
    const [plan, state] = await Promise.all([approvedPlanOf(context, unit, year), stateOf(unit, year)]);
    const projects = plan?.body.projects ?? [];
    const zoneIds = projects.flatMap((project) => (project.zoneId ? [Number(project.zoneId)] : []));
    const zones = zoneIds.length ? await repos.zones.listZonesByIds(zoneIds, context.today()) : [];
    const zoneName = new Map(zones.map((zone) => [zone.id, zone.properties.name]));
    const letter: ResponsibilityLetter = {
      year,
      unit,
      title: responsibilityTitle(year),
      issuer: RESPONSIBILITY_ISSUER,
      plan: plan ? { id: plan.id, approvedAt: plan.approvedAt, version: plan.version } : null,
      duties: dutiesOf(config.items, unit),
      terms: [...ASSESSMENT_TERMS],
      targets: projects.map((project) => ({
        item: project.item,
        project: project.place || (project.zoneId ? (zoneName.get(project.zoneId) ?? '') : ''),
        zoneId: project.zoneId,
        carriedOver: project.carriedOver,
        content: project.tasks,
        person: project.person,
        budget: project.budget,
        funding: project.funding,
        due: project.due,
      })),
      state,
    };
    reply.header('ETag', etagOf(state.version));
    reply.header('Cache-Control', 'no-cache');
    return letter;
  });

  app.put('/api/responsibility/:year/:unit', async (request, reply) => {
    const { year, unit } = await letterParams(request);
    const current = await stateOf(unit, year);
    let version: number;
    try {
      version = expectedVersion(request, current.version);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 412) {
        throw staleProblem({ currentVersion: current.version, current });
      }
      throw error;
    }
    const body = parseOr400(responsibilityStateBodySchema, request.body, 'signing');
    if (body.signedOn && body.signedOn > context.today()) {
      throw new HttpProblem(400, 'The signing day lies in the future', [
        { path: 'signedOn', message: 'in the future' },
      ]);
    }
    if (body.signed && !(await approvedPlanOf(context, unit, year))) {
      throw new HttpProblem(409, `${unit} has no approved plan for ${year}: there is no 目标责任书 to sign`, [
        { path: 'signed', message: 'no approved plan' },
      ]);
    }
    const result = await repos.responsibility.record(
      { unit, year, signed: body.signed, signedOn: body.signedOn, recordedBy: Number(request.user!.id) },
      version,
      audit(request, 'responsibility_recorded'),
      stampNow(),
    );
    if (!result.ok) {
      const now = result.current ?? emptyResponsibilityState(unit, year);
      throw staleProblem({ currentVersion: now.version, current: now });
    }
    return answerState(reply, result.state);
  });

  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: {
        fileSize: Math.floor(settings.maxMegabytes * 1024 * 1024),
        files: 1,
        fields: 0,
        parts: 1,
        headerPairs: 50,
      },
    });
    scope.post('/api/responsibility/:year/:unit/scan', async (request, reply) => {
      const { year, unit } = await letterParams(request);
      if (!(await approvedPlanOf(context, unit, year))) {
        throw new HttpProblem(409, `${unit} has no approved plan for ${year}: there is no 目标责任书 to scan`);
      }
      if (!request.isMultipart()) throw new HttpProblem(415, 'Send the scan as multipart/form-data in "file"');
      const release = slots.acquire(request.user!.id);
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
        if (!file) {
          throw new HttpProblem(400, 'No scan: send it in a "file" field', [{ path: 'file', message: 'required' }]);
        }
        if (file.refused) throw file.refused;
        const processed = await processPhoto(file.path, settings.maxMegapixels);
        const key = newStorageKey();
        await repos.photoFiles.save(key, {
          originalPath: file.path,
          thumb: processed.thumb,
          display: processed.display,
        });
        const { state, replaced } = await repos.responsibility.setScan(
          unit,
          year,
          { key, bytes: file.bytes },
          Number(request.user!.id),
          audit(request, 'responsibility_scan_uploaded'),
          stampNow(),
        );
        if (replaced) await repos.photoFiles.remove(replaced);
        return answerState(reply, state, 201);
      } finally {
        release();
        await Promise.all(files.map((entry) => rm(entry.path, { force: true })));
      }
    });
  });

  app.get('/api/responsibility/:year/:unit/scan', async (request, reply) => {
    const { year, unit } = await letterParams(request);
    const key = orNotFound(await repos.responsibility.scanKey(unit, year), `No scan of ${unit}'s ${year} letter`);
    const bytes = orNotFound(await repos.photoFiles.readDerivative(key, 'display'), 'The scan image is missing');
    return reply
      .type('image/jpeg')
      .header('Cache-Control', 'private, no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .send(bytes);
  });
}
