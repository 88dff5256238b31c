import { idempotently } from '../../platform/idempotency/idempotency';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { zoneOr404 } from '../zones';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { auditedDeny } from '../../platform/audit';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import {
  CASE_ACTIONS,
  caseActionBodySchema,
  caseActorFor,
  caseQuerySchema,
  caseSourceFor,
  caseSourcesFor,
  CASE_SOURCE_LABELS,
  caseWorkflowState,
  createCaseBodySchema,
  possibleCaseActions,
  timeLimitBodySchema,
  type Case,
  type CaseActionRefusal,
  type CaseActor,
  type CaseCodesResponse,
  type CaseDetail,
  type CaseSource,
} from '../../../shared/cases/case';
import { caseIndicatorsByUnit } from '../../../shared/cases/case-indicators';
import type { CaseActorInfo } from './cases.repo';
import { idString } from '../../platform/params';
import { registerCaseImportRoutes } from './cases-import.routes';

const caseId = idString('case id must be a positive whole number');
const idParamsSchema = z.object({ id: caseId });
const actionParamsSchema = z.object({
  id: caseId,
  action: z.enum(CASE_ACTIONS, { error: `unknown action: use one of ${CASE_ACTIONS.join(', ')}` }),
});
const codeParamsSchema = z.object({ code: z.string().check(z.regex(/^\d{5}$/, 'a problem code has 5 digits')) });
const dayPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const indicatorQuerySchema = z.strictObject({
  from: z.string().check(z.regex(dayPattern, 'from must be a day YYYY-MM-DD')),
  to: z.string().check(z.regex(dayPattern, 'to must be a day YYYY-MM-DD')),
});

/** How a refused action is answered: a state that does not allow it is a conflict, a missing input 422. */
const REFUSALS: Record<CaseActionRefusal, { status: number; detail: string }> = {
  'not-allowed-for-role': { status: 403, detail: 'Your role may not take this action on a case' },
  'wrong-status': { status: 409, detail: 'The case is not in a status that allows this action' },
  suspended: { status: 409, detail: 'The case is suspended (挂账/缓办): resume it first' },
  'not-suspended': { status: 409, detail: 'The case is not suspended' },
  'needs-reason': { status: 422, detail: 'This action needs a reason' },
  'needs-unit': { status: 422, detail: 'Dispatching needs the unit (unitId) to send the case to' },
  'needs-later-deadline': { status: 422, detail: 'An extension needs a deadline (until) later than the current one' },
  'extension-pending': { status: 409, detail: 'An extension request is already waiting for a decision' },
  'no-extension-pending': { status: 409, detail: 'There is no extension request to decide' },
};

/** Who acts on a case, as its steps record them: the signed-in user (also used by the public module's triage). */
export const caseActorInfo = (request: FastifyRequest): CaseActorInfo => ({
  ...writeActor(request),
  name: request.user ? request.user.displayName || request.user.username : null,
  role: request.user?.role ?? null,
  unit: request.user?.unit ?? null,
});

/** 数字城管 cases (一提升): the code list, the cases and their workflow (rules in src/shared/cases/case.ts). */
export function registerCaseRoutes(app: FastifyInstance, context: RouteContext, options: { now: () => Date }): void {
  const { repos } = context;
  const nowIso = () => options.now().toISOString();
  const actorInfo = caseActorInfo;

  async function caseOr404(id: number): Promise<Case> {
    const cityCase = foundOr404(await repos.cases.getCase(id, nowIso()), 'Case', id);
    return cityCase;
  }

  async function detail(cityCase: Case, request: FastifyRequest): Promise<CaseDetail> {
    const actor = caseActorFor(request.user ?? null, cityCase);
    return {
      ...cityCase,
      steps: await repos.cases.listSteps(Number(cityCase.id)),
      actions: possibleCaseActions(caseWorkflowState(cityCase), actor),
    };
  }

  function answer(reply: FastifyReply, body: CaseDetail, status = 200) {
    reply.header('ETag', etagOf(body.version));
    return reply.code(status).send(body);
  }

  async function codeOr400(code: string) {
    const codes = await repos.cases.listCodes();
    const found = codes.find((entry) => entry.code === code);
    if (!found)
      throw new HttpProblem(400, `Unknown problem code ${code}`, [{ path: 'code', message: 'not in the code list' }]);
    return found;
  }

  app.get('/api/case-codes', async (): Promise<CaseCodesResponse> => {
    return { codes: await repos.cases.listCodes() };
  });

  app.put('/api/case-codes/:code/time-limit', async (request) => {
    const { code } = parseOr400(codeParamsSchema, request.params, 'code');
    await codeOr400(code);
    const { hours } = parseOr400(timeLimitBodySchema, request.body, 'time limit');
    await repos.cases.setTimeLimit(code, hours, writeActor(request));
    return { code, timeLimitHours: hours };
  });

  app.get('/api/cases', async (request) => {
    const query = parseOr400(caseQuerySchema, request.query, 'query');
    return repos.cases.listCases(query, nowIso());
  });

  app.get('/api/cases/indicators', async (request) => {
    const { from, to } = parseOr400(indicatorQuerySchema, request.query, 'query');
    if (from > to) throw new HttpProblem(400, 'from must not be after to', [{ path: 'from', message: 'after to' }]);
    const fromIso = new Date(`${from}T00:00:00+08:00`).toISOString();
    const toIso = new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000).toISOString();
    const now = nowIso();
    const asOf = toIso < now ? toIso : now;
    const config = await context.campaign();
    const facts = await repos.cases.indicatorFacts(fromIso, toIso);
    const result = caseIndicatorsByUnit(
      facts,
      asOf,
      config.units.map((unit) => unit.id),
    );
    return { from, to, asOf, ...result };
  });

  app.get('/api/cases/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'case id');
    return answer(reply, await detail(await caseOr404(id), request));
  });

  app.post('/api/cases', async (request, reply) => {
    const body = parseOr400(createCaseBodySchema, request.body, 'case');
    const role = request.user?.role;
    // The source follows the role (src/shared/cases/case.ts caseSourceFor): a unit cannot claim 领导交办.
    const sourceRule = caseSourceFor(role, body.source);
    if (!sourceRule.allowed) {
      const own = caseSourcesFor(role).map((source) => `${source} (${CASE_SOURCE_LABELS[source]})`);
      const asked = body.source;
      return auditedDeny(repos.audit, request, {
        reason: `source ${asked ?? '(none)'} is not for ${role ?? 'nobody'} (${sourceRule.reason})`,
        message: asked
          ? `Your role may not report a case with source ${asked} (${CASE_SOURCE_LABELS[asked]})${
              own.length ? `: leave it out, or use ${own.join(', ')}` : ''
            }`
          : 'Your role does not report cases',
      });
    }
    const source: CaseSource = sourceRule.source;
    if (body.selfHandled && role !== 'inspector' && role !== 'admin') {
      return auditedDeny(repos.audit, request, {
        reason: `self-handled report by ${role ?? 'nobody'}`,
        message: 'Only inspectors (监督员) and the campaign office record a case as handled on the spot',
      });
    }
    const code = await codeOr400(body.code);
    const actor = actorInfo(request);
    const now = nowIso();
    // A report resent by the outbox after an interrupted send is made once (same Idempotency-Key, same answer).
    return idempotently(repos.idempotency, request, reply, { route: 'case', now: new Date(now) }, async () => {
      let cityCase = await repos.cases.createCase(
        {
          code: body.code,
          lon: body.lon,
          lat: body.lat,
          description: body.description,
          address: body.address ?? '',
          source,
          legacyLabel: `${code.legacyMajor}/${code.legacyLabel}`,
        },
        actor,
        now,
      );
      if (body.selfHandled) {
        const actorKind: CaseActor = role === 'admin' ? 'office' : 'inspector';
        const result = await repos.cases.applyAction(
          Number(cityCase.id),
          cityCase.version,
          'self_handle',
          actorKind,
          {},
          actor,
          now,
        );
        if (result.ok) cityCase = result.cityCase;
      }
      const created = await detail(cityCase, request);
      return {
        status: 201,
        body: created,
        headers: { Location: `/api/cases/${cityCase.id}`, ETag: etagOf(created.version) },
      };
    });
  });

  app.post('/api/cases/:id/actions/:action', async (request, reply) => {
    const { id, action } = parseOr400(actionParamsSchema, request.params, 'case action');
    const cityCase = await caseOr404(id);
    const actorKind = caseActorFor(request.user ?? null, cityCase);
    if (actorKind === 'other' && request.user?.role === 'unit') {
      await auditedDeny(repos.audit, request, {
        target: { type: 'case', id: cityCase.id },
        reason: `case is not dispatched to ${request.user.unit}`,
        message: 'This case is not dispatched to your unit: only that unit acts on it',
      });
    }
    const version = expectedVersion(request, cityCase.version, cityCase);
    const body = parseOr400(caseActionBodySchema, request.body ?? {}, 'action');
    if (action === 'dispatch' && body.unitId !== undefined) {
      const config = await context.campaign();
      if (!config.units.some((unit) => unit.id === body.unitId)) {
        throw new HttpProblem(400, `Unknown unit ${body.unitId}`, [
          { path: 'unitId', message: 'not a unit of the campaign' },
        ]);
      }
    }
    const result = await repos.cases.applyAction(id, version, action, actorKind, body, actorInfo(request), nowIso());
    if (!result.ok) {
      if (result.reason === 'not-found') throw notFoundProblem('Case', id);
      if (result.reason === 'stale') {
        throw staleProblem({ currentVersion: result.current.version, current: result.current });
      }
      const refusal = REFUSALS[result.refusal];
      throw new HttpProblem(refusal.status, refusal.detail, undefined, { refusal: result.refusal });
    }
    return answer(reply, await detail(result.cityCase, request));
  });

  app.get('/api/zones/:id/cases', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await zoneOr404(context, id);
    return repos.cases.zoneCases(id, nowIso());
  });

  registerCaseImportRoutes(app, context, options);
}

/**
 * Re-join cases when a zone is created, changed, deleted, restored or undeleted (the zones it
 * touched). It watches the zones module's routes, so it is installed on the root, not inside the
 * cases plugin (docs/architecture.md).
 */
export function registerCaseRejoinHook(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;
  const ZONE_WRITES = new Set([
    'POST /api/zones',
    'PATCH /api/zones/:id',
    'DELETE /api/zones/:id',
    'POST /api/zones/:id/restore',
    'POST /api/zones/:id/undelete',
    'POST /api/zones/batch',
  ]);
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 300 || !ZONE_WRITES.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      return payload;
    }
    const ids = new Set<number>();
    const paramId = Number((request.params as { id?: string } | undefined)?.id);
    if (Number.isInteger(paramId) && paramId > 0) ids.add(paramId);
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        const body = JSON.parse(payload) as { id?: unknown; results?: ({ id?: unknown } | null)[] };
        if (typeof body.id === 'string' || typeof body.id === 'number') ids.add(Number(body.id));
        for (const result of body.results ?? []) if (result?.id !== undefined) ids.add(Number(result.id));
      } catch {
        // not JSON: nothing more to learn
      }
    }
    const batchIds = (request.body as { operations?: { id?: unknown }[] } | undefined)?.operations;
    for (const operation of Array.isArray(batchIds) ? batchIds : []) {
      if (operation?.id !== undefined) ids.add(Number(operation.id));
    }
    const valid = [...ids].filter((id) => Number.isInteger(id) && id > 0);
    if (valid.length) await repos.cases.rejoinZones(valid);
    return payload;
  });
}
