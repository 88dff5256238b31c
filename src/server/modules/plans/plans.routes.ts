import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { auditActor } from '../../platform/auth/guard';
import { auditedDeny } from '../../platform/audit';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams } from '../../platform/params';
import {
  EMPTY_PLAN_BODY,
  PLAN_ACTIONS,
  PLAN_TRANSITIONS,
  actionRefusal,
  createPlanBodySchema,
  editRefusal,
  mayReadPlan,
  patchPlanBodySchema,
  planActionBodySchema,
  planListQuerySchema,
  seesAllPlans,
  type Plan,
  type PlanAction,
  type PlanActor,
  type PlanBody,
  type PlanRefusal,
} from '../../../shared/plans/plans';
import type { PlanEffects } from './plans.repo';
import type { PlanChange } from './plans.rows';
import { checkPlanReferences } from './plan-checks';

const planParams = idParams('plan');

/** How a refused step is answered. */
const REFUSALS: Record<PlanRefusal, { status: number; detail: string }> = {
  'not-owner': { status: 403, detail: 'Only the unit whose plan this is may edit or submit it' },
  'not-office': { status: 403, detail: 'Only the campaign office may return or approve a plan' },
  'wrong-state': { status: 409, detail: 'The plan is not in a state that allows this' },
  'comment-required': { status: 400, detail: 'Returning a plan needs a comment saying what to change' },
};

const OWN_PLANS_ONLY = "A unit reads its own unit's plans only";

/** What happens around a plan step: the unit's inbox items (the notifications module). */
export interface PlanHooks {
  effects?(event: 'returned' | 'approved'): PlanEffects | undefined;
}

/**
 * Annual plans: a unit drafts its year's plan and submits it; the campaign office returns it with a comment or
 * approves it. Every write needs If-Match (the ETag is the plan's version). Rules in src/shared/plans.
 */
export function registerPlanRoutes(app: FastifyInstance, context: RouteContext, hooks: PlanHooks = {}) {
  const { repos } = context;

  const actorOf = (request: FastifyRequest): PlanActor => {
    const user = request.user!;
    return { role: user.role, unit: user.unit ?? null };
  };

  function answer(reply: FastifyReply, plan: Plan, status = 200) {
    reply.header('ETag', etagOf(plan.version));
    return reply.code(status).send(plan);
  }

  async function refuse(request: FastifyRequest, plan: Plan, refusal: PlanRefusal): Promise<never> {
    const { status, detail } = REFUSALS[refusal];
    if (status === 403) {
      await auditedDeny(repos.audit, request, {
        target: { type: 'plan', id: plan.id },
        reason: refusal,
        message: detail,
      });
    }
    throw new HttpProblem(status, detail, undefined, { refusal });
  }

  const planOr404 = async (id: number) => foundOr404(await repos.plans.get(id, context.today()), 'Plan', id);

  /** The plan, or 404; 403 when the caller may not read it (a unit reads its own unit's plans only). */
  async function readablePlan(request: FastifyRequest, id: number): Promise<Plan> {
    const plan = await planOr404(id);
    if (!mayReadPlan(plan, actorOf(request))) throw new HttpProblem(403, OWN_PLANS_ONLY);
    return plan;
  }

  /** If-Match against the plan read: 428 without, 412 (with the current plan) when stale. */
  const ifMatch = (request: FastifyRequest, plan: Plan) => expectedVersion(request, plan.version, plan);

  async function change(
    request: FastifyRequest,
    plan: Plan,
    version: number,
    input: PlanChange,
    effects?: PlanEffects,
  ) {
    const result = await repos.plans.change(
      Number(plan.id),
      version,
      input,
      (changed) => ({
        ...auditActor(request),
        action: `plan_${input.action}`,
        targetType: 'plan',
        targetId: changed.id,
        outcome: 'ok',
        detail: {
          unit: changed.unit,
          year: changed.year,
          state: changed.state,
          version: changed.version,
          ...(input.comment ? { comment: input.comment } : {}),
        },
      }),
      context.now().toISOString(),
      context.today(),
      effects,
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw notFoundProblem('Plan', plan.id);
      throw staleProblem({ currentVersion: result.current.version, current: result.current });
    }
    return result.plan;
  }

  const checkBody = async (body: PlanBody, unit: string) => checkPlanReferences(context, body, unit);

  app.get('/api/plans', async (request) => {
    const query = parseOr400(planListQuerySchema, request.query, 'plan query');
    const actor = actorOf(request);
    if (!seesAllPlans(actor) && query.unit && query.unit !== actor.unit) throw new HttpProblem(403, OWN_PLANS_ONLY);
    const unit = seesAllPlans(actor) ? query.unit : (actor.unit ?? '');
    return repos.plans.list(
      {
        ...(query.year !== undefined ? { year: query.year } : {}),
        ...(unit !== undefined ? { unit } : {}),
        ...(query.state ? { state: query.state } : {}),
      },
      context.today(),
    );
  });

  app.post('/api/plans', async (request, reply) => {
    const input = parseOr400(createPlanBodySchema, request.body, 'plan');
    const actor = actorOf(request);
    if (actor.role !== 'unit' || !actor.unit) {
      throw new HttpProblem(403, 'Only a unit account drafts its plan');
    }
    const body = input.body ?? EMPTY_PLAN_BODY;
    await checkBody(body, actor.unit);
    const created = await repos.plans.create(
      { unit: actor.unit, year: input.year, body, actorUserId: Number(request.user!.id) },
      (plan) => ({
        ...auditActor(request),
        action: 'plan_create',
        targetType: 'plan',
        targetId: plan.id,
        outcome: 'ok',
        detail: { unit: plan.unit, year: plan.year },
      }),
      context.now().toISOString(),
      context.today(),
    );
    if (!created) {
      const [existing] = await repos.plans.list({ unit: actor.unit, year: input.year }, context.today());
      throw new HttpProblem(
        409,
        `Your unit already has a plan for ${input.year}`,
        [{ path: 'year', message: 'taken' }],
        {
          ...(existing ? { planId: existing.id } : {}),
        },
      );
    }
    reply.header('Location', `/api/plans/${created.id}`);
    return answer(reply, created, 201);
  });

  app.get('/api/plans/:id', async (request, reply) => {
    const { id } = parseOr400(planParams, request.params, 'plan id');
    reply.header('Cache-Control', 'no-cache');
    return answer(reply, await readablePlan(request, id));
  });

  app.get('/api/plans/:id/versions', async (request) => {
    const { id } = parseOr400(planParams, request.params, 'plan id');
    await readablePlan(request, id);
    return repos.plans.versions(id);
  });

  app.patch('/api/plans/:id', async (request, reply) => {
    const { id } = parseOr400(planParams, request.params, 'plan id');
    const plan = await planOr404(id);
    const refusal = editRefusal(plan, actorOf(request));
    if (refusal === 'not-owner') await refuse(request, plan, refusal);
    const version = ifMatch(request, plan);
    if (refusal) await refuse(request, plan, refusal);
    const { body } = parseOr400(patchPlanBodySchema, request.body, 'plan');
    await checkBody(body, plan.unit);
    const changed = await change(request, plan, version, {
      action: 'edit',
      state: plan.state,
      body,
      comment: null,
      actorUserId: Number(request.user!.id),
    });
    return answer(reply, changed);
  });

  const actionParams = z.object({
    id: planParams.shape.id,
    action: z.enum(PLAN_ACTIONS, { error: 'unknown action: use submit, return or approve' }),
  });
  app.post('/api/plans/:id/actions/:action', async (request, reply) => {
    const { id, action } = parseOr400(actionParams, request.params, 'plan action');
    const plan = await planOr404(id);
    const { comment } = parseOr400(planActionBodySchema, request.body ?? {}, action);
    const actor = actorOf(request);
    const refusal = actionRefusal(plan, action, actor, comment);
    if (refusal === 'not-owner' || refusal === 'not-office') await refuse(request, plan, refusal);
    const version = ifMatch(request, plan);
    if (refusal) await refuse(request, plan, refusal);
    if (action === 'submit' && plan.body.projects.length === 0) {
      throw new HttpProblem(400, 'A plan needs at least one project before it is submitted', [
        { path: 'body.projects', message: 'empty' },
      ]);
    }
    const event = eventOf(action);
    const changed = await change(
      request,
      plan,
      version,
      {
        action,
        state: PLAN_TRANSITIONS[action].to,
        body: plan.body,
        comment: comment?.trim() || null,
        actorUserId: Number(request.user!.id),
      },
      event ? hooks.effects?.(event) : undefined,
    );
    return answer(reply, changed);
  });
}

const eventOf = (action: PlanAction) =>
  action === 'return' ? ('returned' as const) : action === 'approve' ? ('approved' as const) : null;
