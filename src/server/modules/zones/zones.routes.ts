import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from './zone-lookup';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { zoneQuerySchema } from '../../../shared/zones/zone';
import { etagOf } from '../../platform/preconditions';
import { idParamsSchema } from '../../platform/params';

/** Read routes for remediation zones (整治区域) and their tasks. */
export function registerZoneRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/zones', async (request) => {
    const query = parseOr400(zoneQuerySchema, request.query, 'query');
    const features = await context.repos.zones.listZones(query, context.today());
    return { type: 'FeatureCollection', features };
  });

  app.get('/api/zones/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    reply.header('ETag', etagOf(zone.properties.version));
    reply.header('Cache-Control', 'no-cache');
    return zone;
  });

  app.get('/api/zones/:id/tasks', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const today = context.today();
    await zoneOr404(context, id, today);
    return context.repos.tasks.listTasksOfZone(id, today);
  });
}
