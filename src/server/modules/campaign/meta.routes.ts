import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { sendProblem } from '../../platform/problem';

type Reachable = 'ok' | 'unavailable';

/** Health, readiness, client configuration and the campaign definition. */
export function registerMetaRoutes(app: FastifyInstance, context: RouteContext): void {
  /** The database and the photo store (a bucket with PHOTO_STORE=s3: asked with a short timeout), checked at once. */
  const check = async (): Promise<{ database: Reachable; photoStore: Reachable }> => {
    const [database, photoStore] = await Promise.all([
      context.repos.health().catch(() => false),
      context.repos.photoFiles.health(),
    ]);
    return { database: database ? 'ok' : 'unavailable', photoStore: photoStore ? 'ok' : 'unavailable' };
  };

  // Liveness: 503 only when the database fails. A photo store that does not answer is reported
  // ("degraded") but does not fail it: restarting this server would not bring the bucket back.
  app.get('/api/health', async (_request, reply) => {
    const parts = await check();
    if (parts.database !== 'ok') return reply.code(503).send({ status: 'unavailable', ...parts });
    return { status: parts.photoStore === 'ok' ? 'ok' : 'degraded', ...parts };
  });

  // Readiness, for a load balancer: send requests here only while the database and the store both answer.
  app.get('/api/ready', async (_request, reply) => {
    const parts = await check();
    if (parts.database === 'ok' && parts.photoStore === 'ok') return { status: 'ready', ...parts };
    const failing = [parts.database === 'ok' ? '' : 'the database', parts.photoStore === 'ok' ? '' : 'the photo store'];
    return sendProblem(
      reply,
      503,
      `Not ready: ${failing.filter(Boolean).join(' and ')} did not answer`,
      undefined,
      parts,
    );
  });

  // Visitors (before login) learn only what the login page needs: no tile URLs (they may carry a key).
  app.get('/api/config', async (request) =>
    request.user || context.clientConfig.publicRead ? context.clientConfig : { ...context.clientConfig, basemaps: [] },
  );

  app.get('/api/campaign', () => context.campaign());
}
