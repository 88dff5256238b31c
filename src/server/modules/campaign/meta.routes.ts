import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';

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

  app.get('/api/campaign', () => context.campaign());
}
