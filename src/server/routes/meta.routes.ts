import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { HttpProblem } from '../problem';

/** Health, client configuration and the campaign definition. */
export function registerMetaRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/health', async (_request, reply) => {
    const ok = await context.repos.health();
    if (!ok) return reply.code(503).send({ status: 'unavailable' });
    return { status: 'ok' };
  });

  // Visitors (before login) learn only what the login page needs: no tile URLs (they may carry a key).
  app.get('/api/config', async (request) =>
    request.user || context.clientConfig.publicRead ? context.clientConfig : { ...context.clientConfig, basemaps: [] },
  );

  app.get('/api/campaign', async () => {
    const campaign = await context.repos.campaign.getCampaign(context.today());
    if (!campaign) throw new HttpProblem(503, 'The campaign has not been configured yet');
    return campaign;
  });
}
