import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { zoneOr404 } from '../zones';
import type { RouteContext } from '../../platform/context';
import { auditActor } from '../../platform/auth/guard';
import { auditedDeny } from '../../platform/audit';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams, idParamsSchema } from '../../platform/params';
import {
  actionRefusal,
  createSupervisionBodySchema,
  issueSupervisionBodySchema,
  replyRefusal,
  supervisionActionBodySchema,
  supervisionListQuerySchema,
  supervisionReplyBodySchema,
  type Supervision,
  type SupervisionAction,
  type SupervisionActor,
  type SupervisionRefusal,
} from '../../../shared/supervision/supervision';
import type { SupervisionEffects, SupervisionTarget } from './supervisions.repo';
import type { NewSupervisionStep, SupervisionStepResult } from './supervisions.rows';
import { stampNow } from '../../platform/clock';

const supervisionParams = idParams('supervision');

/** How a refused step is answered. */
const REFUSALS: Record<SupervisionRefusal, { status: number; detail: string }> = {
  'not-issuer': { status: 403, detail: 'Only the leader who issued this 督办, or the campaign office, may do this' },
  'not-responsible': { status: 403, detail: 'Only the unit responsible for this 督办 may reply to it' },
  'wrong-status': { status: 409, detail: 'The 督办 is not in a status that allows this' },
};

/** What happens around a 督办 change: its inbox items (the notifications module). */
export interface SupervisionHooks {
  /** Statements written in the transaction of the change (its inbox items). */
  effects?(event: 'issued' | 'replied' | 'closed' | 'reopened'): SupervisionEffects;
}

/**
 * 督办: leaders and the campaign office issue them on a zone, a task or a case with a deadline; the responsible unit
 * replies; the issuer (or the office) closes or reopens them with If-Match. Rules in src/shared/supervision.
 */
export function registerSupervisionRoutes(app: FastifyInstance, context: RouteContext, hooks: SupervisionHooks = {}) {
  const { repos } = context;

  const actorOf = (request: FastifyRequest): SupervisionActor => {
    const user = request.user!;
    return { id: user.id, role: user.role, unit: user.unit };
  };

  function answer(reply: FastifyReply, supervision: Supervision, status = 200) {
    reply.header('ETag', etagOf(supervision.version));
    return reply.code(status).send(supervision);
  }

  async function issue(
    request: FastifyRequest,
    reply: FastifyReply,
    target: SupervisionTarget,
    note: string,
    deadline: string,
  ) {
    const today = context.today();
    if (deadline < today) {
      throw new HttpProblem(400, 'The deadline is in the past', [{ path: 'deadline', message: 'in the past' }]);
    }
    const resolved = await repos.supervisions.resolveTarget(target);
    if (!resolved) {
      const [what, id] =
        target.kind === 'zone'
          ? ['Zone', target.zoneId]
          : target.kind === 'task'
            ? ['Task', target.taskId]
            : ['Case', target.caseId];
      throw notFoundProblem(what, id);
    }
    if (!resolved.unit) {
      throw new HttpProblem(409, 'This case has not been dispatched to a unit yet: nobody could answer a 督办', [
        { path: 'caseId', message: 'not dispatched' },
      ]);
    }
    const created = await repos.supervisions.create(
      { ...resolved, note, deadline, createdBy: Number(request.user!.id) },
      (supervision) => ({
        ...auditActor(request),
        action: 'supervision_created',
        targetType: supervision.caseId ? 'case' : supervision.taskId ? 'task' : 'zone',
        targetId: supervision.caseId ?? supervision.taskId ?? supervision.zoneId ?? supervision.id,
        outcome: 'ok',
        detail: { after: { id: supervision.id, note, deadline, unit: supervision.unit } },
      }),
      stampNow(),
      today,
      hooks.effects?.('issued'),
    );
    reply.header('Location', `/api/supervisions/${created.id}`);
    return answer(reply, created, 201);
  }

  async function step(
    request: FastifyRequest,
    id: number,
    version: number,
    input: NewSupervisionStep,
    event: 'replied' | 'closed' | 'reopened',
  ): Promise<Supervision> {
    const today = context.today();
    const result: SupervisionStepResult = await repos.supervisions.addStep(
      id,
      version,
      input,
      (supervision) => ({
        ...auditActor(request),
        action: `supervision_${input.kind}`,
        targetType: 'supervision',
        targetId: supervision.id,
        outcome: 'ok',
        detail: { status: supervision.status, version: supervision.version },
      }),
      stampNow(),
      today,
      hooks.effects?.(event),
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw notFoundProblem('Supervision', id);
      throw staleProblem({ currentVersion: result.current.version, current: result.current });
    }
    return result.supervision;
  }

  const supervisionOr404 = async (id: number) =>
    foundOr404(await repos.supervisions.get(id, context.today()), 'Supervision', id);

  async function refuse(request: FastifyRequest, supervision: Supervision, refusal: SupervisionRefusal) {
    const { status, detail } = REFUSALS[refusal];
    if (status === 403) {
      await auditedDeny(repos.audit, request, {
        target: { type: 'supervision', id: supervision.id },
        reason: refusal,
        message: detail,
      });
    }
    throw new HttpProblem(status, detail, undefined, { refusal });
  }

  app.get('/api/zones/:id/supervisions', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const today = context.today();
    await zoneOr404(context, id, today);
    return repos.supervisions.listOfZone(id, today);
  });

  app.post('/api/zones/:id/supervisions', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const body = parseOr400(createSupervisionBodySchema, request.body, 'supervision');
    await zoneOr404(context, id, context.today());
    if (body.taskId) {
      const task = await repos.supervisions.resolveTarget({ kind: 'task', taskId: Number(body.taskId) });
      if (task?.zoneId !== id) {
        throw new HttpProblem(400, `Task ${body.taskId} is not a task of zone ${id}`, [
          { path: 'taskId', message: 'not in this zone' },
        ]);
      }
    }
    const target: SupervisionTarget = body.taskId
      ? { kind: 'task', taskId: Number(body.taskId) }
      : { kind: 'zone', zoneId: id };
    return issue(request, reply, target, body.note, body.deadline);
  });

  app.post('/api/supervisions', async (request, reply) => {
    const body = parseOr400(issueSupervisionBodySchema, request.body, 'supervision');
    const target: SupervisionTarget = body.caseId
      ? { kind: 'case', caseId: Number(body.caseId) }
      : body.taskId
        ? { kind: 'task', taskId: Number(body.taskId) }
        : { kind: 'zone', zoneId: Number(body.zoneId) };
    return issue(request, reply, target, body.note, body.deadline);
  });

  app.get('/api/supervisions', async (request) => {
    const query = parseOr400(supervisionListQuerySchema, request.query, 'supervision query');
    const user = request.user!;
    if (query.mine && !user.unit) {
      throw new HttpProblem(400, 'mine lists the 督办 of your unit: this account has no unit', [
        { path: 'mine', message: 'no unit' },
      ]);
    }
    return repos.supervisions.list(
      { ...(query.status ? { status: query.status } : {}), ...(query.mine ? { unit: user.unit! } : {}) },
      context.today(),
    );
  });

  app.get('/api/supervisions/:id', async (request, reply) => {
    const { id } = parseOr400(supervisionParams, request.params, 'supervision id');
    reply.header('Cache-Control', 'no-cache');
    return answer(reply, await supervisionOr404(Number(id)));
  });

  app.post('/api/supervisions/:id/replies', async (request, reply) => {
    const { id } = parseOr400(supervisionParams, request.params, 'supervision id');
    const supervision = await supervisionOr404(Number(id));
    const refusal = replyRefusal(supervision, actorOf(request));
    if (refusal) await refuse(request, supervision, refusal);
    const body = parseOr400(supervisionReplyBodySchema, request.body, 'reply');
    const photoIds = [...new Set(body.photoIds ?? [])];
    if (photoIds.length) {
      const known = new Set(
        supervision.zoneId ? await repos.supervisions.photoIdsOfZone(Number(supervision.zoneId)) : [],
      );
      const foreign = photoIds.filter((photo) => !known.has(photo));
      if (foreign.length) {
        throw new HttpProblem(400, `Photo ${foreign.join(', ')} is not a photo of this 督办's zone`, [
          { path: 'photoIds', message: 'upload the photos to the zone first' },
        ]);
      }
    }
    if (body.newDate && body.newDate < context.today()) {
      throw new HttpProblem(400, 'The new date is in the past', [{ path: 'newDate', message: 'in the past' }]);
    }
    // A reply needs no If-Match (the unit adds to the thread); its version check is against what it just read.
    const updated = await step(
      request,
      Number(id),
      supervision.version,
      {
        kind: 'reply',
        text: body.progress.trim(),
        newDate: body.newDate ?? null,
        photoIds,
        actorUserId: Number(request.user!.id),
      },
      'replied',
    );
    reply.header('Location', `/api/supervisions/${id}`);
    return answer(reply, updated, 201);
  });

  const actionParams = z.object({
    id: supervisionParams.shape.id,
    action: z.enum(['close', 'reopen'] as const satisfies readonly SupervisionAction[], {
      error: 'unknown action: use close or reopen',
    }),
  });
  app.post('/api/supervisions/:id/actions/:action', async (request, reply) => {
    const { id, action } = parseOr400(actionParams, request.params, 'supervision action');
    const supervision = await supervisionOr404(Number(id));
    const refusal = actionRefusal(supervision, action, actorOf(request));
    if (refusal === 'not-issuer') await refuse(request, supervision, refusal);
    let version: number;
    try {
      version = expectedVersion(request, supervision.version);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 412) {
        throw staleProblem({ currentVersion: supervision.version, current: supervision });
      }
      throw error;
    }
    if (refusal) await refuse(request, supervision, refusal);
    const body = parseOr400(supervisionActionBodySchema, request.body ?? {}, action);
    if (body.deadline !== undefined && action !== 'reopen') {
      throw new HttpProblem(400, 'Only reopening sets a new deadline', [{ path: 'deadline', message: 'not here' }]);
    }
    if (body.deadline !== undefined && body.deadline < context.today()) {
      throw new HttpProblem(400, 'The deadline is in the past', [{ path: 'deadline', message: 'in the past' }]);
    }
    const updated = await step(
      request,
      Number(id),
      version,
      {
        kind: action,
        text: body.note?.trim() ?? '',
        newDate: body.deadline ?? null,
        photoIds: [],
        actorUserId: Number(request.user!.id),
      },
      action === 'close' ? 'closed' : 'reopened',
    );
    return answer(reply, updated);
  });
}
