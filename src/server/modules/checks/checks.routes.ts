import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from '../zones';
import type { RouteContext } from '../../platform/context';
import { writeActor } from '../../platform/auth/guard';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { idParamsSchema } from '../../platform/params';
import { checkBodySchema, quarterOf, quarterQuerySchema, reworkDueDate } from '../../../shared/checks/checks';

/**
 * 季检查 (quarterly checks): inspectors (纪委) and the campaign office record one check per zone and
 * quarter; a failed check sends the zone's submitted and finished tasks back to rework. Everyone
 * signed in reads a zone's checks and a quarter's overview (checked and not yet checked zones).
 */
export function registerCheckRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  const requireZone = async (id: number) => {
    const zone = await zoneOr404(context, id);
    return zone;
  };

  app.get('/api/zones/:id/checks', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await requireZone(id);
    return repos.checks.listOfZone(id);
  });

  app.post('/api/zones/:id/checks', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await requireZone(id);
    const today = context.today();
    const body = parseOr400(checkBodySchema(today), request.body, 'quarterly check');
    const result = await repos.checks.create(id, body, reworkDueDate(body, today), writeActor(request));
    if (!result.ok) {
      if (result.reason === 'duplicate') {
        throw new HttpProblem(
          409,
          `Zone ${id} already has a check for ${body.quarter}: one check per zone and quarter`,
          undefined,
          { existing: result.existing },
        );
      }
      throw new HttpProblem(
        400,
        `Not photos of zone ${id}: ${result.photoIds.join(', ')}`,
        result.photoIds.map((photoId) => ({
          path: 'photoIds',
          message: `photo ${photoId} is not a photo of this zone`,
        })),
      );
    }
    reply.header('Location', `/api/zones/${id}/checks`);
    return reply.code(201).send(result);
  });

  app.get('/api/checks', async (request) => {
    const query = parseOr400(quarterQuerySchema, request.query, 'query');
    return repos.checks.overviewOfQuarter(query.quarter ?? quarterOf(context.today()));
  });
}
