import { idempotently } from '../../platform/idempotency/idempotency';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { zoneOr404 } from '../zones';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import type { Task } from '../../../shared/zones/zone';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { auditedDeny } from '../../platform/audit';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams, idParamsSchema } from '../../platform/params';
import { requireItemOwnership } from '../../platform/ownership';
import { mayReassignTask } from '../../../shared/campaign/ownership';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import {
  createTaskBodySchema,
  sortTasksByUrgency,
  TASK_ACTIONS,
  taskActionBodySchema,
  taskActorFor,
  taskNoteBodySchema,
  updateTaskBodySchema,
  type TaskActionRefusal,
  type TaskActor,
} from '../../../shared/tasks/task';

const taskParamsSchema = idParams('task');
const actionParamsSchema = z.object({
  id: taskParamsSchema.shape.id,
  action: z.enum(TASK_ACTIONS, { error: `unknown action: use one of ${TASK_ACTIONS.join(', ')}` }),
});

/** How a refused action is answered: a state that does not allow it is a conflict, a missing input 422. */
const REFUSALS: Record<TaskActionRefusal, { status: number; detail: string }> = {
  'not-allowed-for-role': { status: 403, detail: 'Your role may not take this action on a task' },
  'wrong-status': { status: 409, detail: 'The task is not in a status that allows this action' },
  'needs-after-photo': {
    status: 422,
    detail: 'Submitting for acceptance needs at least one after-photo (整治后照片) of the task',
  },
  'needs-photo-pair': {
    status: 422,
    detail:
      'Accepting needs a before/after photo pair (整治前/整治后照片) of the task, or a reason from the campaign office for accepting without one',
  },
  'needs-reason': { status: 422, detail: 'This action needs a reason' },
  'needs-later-date': { status: 422, detail: 'An extension needs a new due date later than the current one' },
  'extension-pending': { status: 409, detail: 'An extension request is already waiting for a decision' },
  'no-extension-pending': { status: 409, detail: 'There is no extension request to decide' },
};

/**
 * Tasks of zones: creation, attribute changes with If-Match, the workflow actions (rules in
 * src/shared/tasks/task.ts), the update thread and the work lists.
 */
export function registerTaskRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  async function taskOr404(id: number): Promise<Task> {
    const task = foundOr404(await repos.tasks.getTask(id, context.today()), 'Task', id);
    return task;
  }

  /**
   * Who the caller is for this task. A unit account acts on tasks assigned to its unit or in zones
   * its unit leads; anything else is refused (and audited) before a change.
   */
  async function actorFor(request: FastifyRequest, task: Task): Promise<TaskActor> {
    const user = request.user ?? null;
    const zone = await repos.zones.getZone(Number(task.zoneId), context.today());
    const actor = taskActorFor(user, task, zone?.properties.leadUnit ?? null);
    if (actor !== 'other' || user?.role !== 'unit') return actor;
    return auditedDeny(repos.audit, request, {
      target: { type: 'task', id: task.id },
      reason: `task is neither assigned to nor led by ${user.unit}`,
      message:
        'This task is neither assigned to your unit nor in a zone your unit leads: only they, planners and the campaign office may change it',
    });
  }

  /**
   * Handing a task to another unit is the campaign office's, or the lead unit's for zones of its item
   * (src/shared/campaign/ownership.ts mayReassignTask); anyone else is refused, audited, before a change.
   */
  async function requireReassignRight(request: FastifyRequest, task: Task, config: CampaignResponse): Promise<void> {
    const zone = await repos.zones.getZone(Number(task.zoneId), context.today());
    const may = mayReassignTask(request.user ?? null, { category: zone?.properties.category ?? '' }, config);
    if (may.allowed) return;
    await auditedDeny(repos.audit, request, {
      target: { type: 'task', id: task.id },
      reason: `reassignment to another unit by ${request.user?.unit ?? request.user?.role ?? 'nobody'} refused (${may.reason})`,
      message: "Only the campaign office, or the lead unit of the zone's item, may hand a task to another unit",
    });
  }

  function answer(reply: FastifyReply, task: Task, status = 200) {
    reply.header('ETag', etagOf(task.version));
    return reply.code(status).send(task);
  }

  function stale(current: Task): never {
    throw staleProblem({ currentVersion: current.version, current });
  }

  function ifMatch(request: FastifyRequest, task: Task): number {
    try {
      return expectedVersion(request, task.version);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 412) stale(task);
      throw error;
    }
  }

  app.post('/api/zones/:id/tasks', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    const config = await context.campaign();
    await requireItemOwnership(repos, request, [zone.properties.category], config);
    const body = parseOr400(createTaskBodySchema, request.body, 'task');
    if (!config.units.some((unit) => unit.id === body.assignedUnit)) {
      throw new HttpProblem(400, `Unknown unit ${body.assignedUnit}`, [
        { path: 'assignedUnit', message: 'not a unit of the campaign' },
      ]);
    }
    const [task] = await repos.tasks.createTasks(
      id,
      [{ title: body.title, measures: body.measures ?? '', dueDate: body.dueDate, assignedUnit: body.assignedUnit }],
      writeActor(request),
      'task_created',
    );
    reply.header('Location', `/api/tasks/${task!.id}`);
    return answer(reply, task!, 201);
  });

  app.get('/api/tasks/:id', async (request, reply) => {
    const { id } = parseOr400(taskParamsSchema, request.params, 'task id');
    reply.header('Cache-Control', 'no-cache');
    return answer(reply, await taskOr404(id));
  });

  app.patch('/api/tasks/:id', async (request, reply) => {
    const { id } = parseOr400(taskParamsSchema, request.params, 'task id');
    const task = await taskOr404(id);
    const actor = await actorFor(request, task);
    if (actor === 'other') throw new HttpProblem(403, 'Your role may not change tasks');
    const version = ifMatch(request, task);
    const body = parseOr400(updateTaskBodySchema, request.body, 'task change');
    if (body.assignedUnit !== undefined && body.assignedUnit !== task.assignedUnit) {
      const config = await context.campaign();
      await requireReassignRight(request, task, config);
      if (!config.units.some((unit) => unit.id === body.assignedUnit)) {
        throw new HttpProblem(400, `Unknown unit ${body.assignedUnit}`, [
          { path: 'assignedUnit', message: 'not a unit of the campaign' },
        ]);
      }
    }
    const result = await repos.tasks.updateTask(id, version, body, writeActor(request), context.today());
    if (!result.ok) {
      if (result.reason === 'stale') stale(result.current);
      throw notFoundProblem('Task', id);
    }
    return answer(reply, result.task);
  });

  app.post('/api/tasks/:id/actions/:action', async (request, reply) => {
    const { id, action } = parseOr400(actionParamsSchema, request.params, 'task action');
    const task = await taskOr404(id);
    const actor = await actorFor(request, task);
    const version = ifMatch(request, task);
    const body = parseOr400(taskActionBodySchema, request.body ?? {}, 'action');
    const result = await repos.tasks.applyAction(
      id,
      version,
      action,
      actor,
      body,
      writeActor(request),
      context.today(),
    );
    if (!result.ok) {
      if (result.reason === 'stale') stale(result.current);
      if (result.reason === 'not-found') throw notFoundProblem('Task', id);
      const refusal = REFUSALS[result.refusal];
      throw new HttpProblem(refusal.status, refusal.detail, undefined, { refusal: result.refusal });
    }
    return answer(reply, result.task);
  });

  app.get('/api/tasks/:id/updates', async (request) => {
    const { id } = parseOr400(taskParamsSchema, request.params, 'task id');
    await taskOr404(id);
    return repos.tasks.listUpdates(id);
  });

  app.post('/api/tasks/:id/notes', async (request, reply) => {
    const { id } = parseOr400(taskParamsSchema, request.params, 'task id');
    const task = await taskOr404(id);
    // Leaders, inspectors, planners and the office may comment on any task; units on their own.
    if (request.user?.role === 'unit') await actorFor(request, task);
    const body = parseOr400(taskNoteBodySchema, request.body, 'note');
    // A note resent after an interrupted send (the outbox) is added once: same Idempotency-Key, same answer.
    return idempotently(repos.idempotency, request, reply, { route: `note ${id}`, now: context.now() }, async () => {
      await repos.tasks.addNote(id, body.note, writeActor(request));
      return { status: 201, body: await repos.tasks.listUpdates(id) };
    });
  });

  /** "My work": a unit's tasks, what awaits the campaign office, or (other roles) every overdue task. */
  app.get('/api/my-tasks', async (request) => {
    const user = request.user!;
    const today = context.today();
    const scope =
      user.role === 'unit' && user.unit
        ? ({ kind: 'unit', unit: user.unit } as const)
        : user.role === 'admin'
          ? ({ kind: 'office' } as const)
          : ({ kind: 'overdue' } as const);
    return { scope: scope.kind, tasks: sortTasksByUrgency(await repos.tasks.listWorkTasks(scope, today)) };
  });
}
