import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from '../zones';
import type { RouteContext } from '../../platform/context';
import { auditActor } from '../../platform/auth/guard';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { createSupervisionBodySchema } from '../../../shared/admin/auth';
import { idParamsSchema } from '../../platform/params';

/** 督办: leaders mark a zone or a task for supervision with a note and a deadline. */
export function registerSupervisionRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  const requireZone = async (id: number, today: string) => {
    const zone = await zoneOr404(context, id, today);
    return zone;
  };

  app.get('/api/zones/:id/supervisions', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const today = context.today();
    await requireZone(id, today);
    return repos.supervisions.listOfZone(id, today);
  });

  app.post('/api/zones/:id/supervisions', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const body = parseOr400(createSupervisionBodySchema, request.body, 'supervision');
    const today = context.today();
    await requireZone(id, today);
    if (body.deadline < today) {
      throw new HttpProblem(400, 'The deadline is in the past', [{ path: 'deadline', message: 'in the past' }]);
    }
    const user = request.user!;
    const created = await repos.supervisions.create(
      {
        zoneId: id,
        taskId: body.taskId ? Number(body.taskId) : null,
        note: body.note,
        deadline: body.deadline,
        createdBy: Number(user.id),
      },
      (supervision) => ({
        ...auditActor(request),
        action: 'supervision_created',
        targetType: supervision.taskId ? 'task' : 'zone',
        targetId: supervision.taskId ?? supervision.zoneId,
        outcome: 'ok',
        detail: { after: supervision },
      }),
      today,
    );
    if (!created)
      throw new HttpProblem(400, `Task ${body.taskId} is not a task of zone ${id}`, [
        { path: 'taskId', message: 'not in this zone' },
      ]);
    reply.header('Location', `/api/zones/${id}/supervisions`);
    return reply.code(201).send(created);
  });
}
