import type { FastifyInstance } from 'fastify';
import { nowMs, stampNow } from '../../platform/clock';
import { orNotFound } from '../../platform/found';
import { randomBytes } from 'node:crypto';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { hashToken, writeActor } from '../../platform/auth/guard';
import { idParams } from '../../platform/params';
import {
  API_TOKEN_PREFIX,
  API_TOKEN_SHOWN_CHARACTERS,
  createApiTokenBodySchema,
} from '../../../shared/admin/api-token';

const tokenIdParamsSchema = idParams('token');

/** A new token: the prefix and 256 random bits (base64url). */
export const newApiToken = () => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/**
 * API tokens for desktop GIS, issued, listed and revoked by the campaign office (admin only, by the
 * matrix). A token is shown once, in the answer that issues it; only its SHA-256 is stored.
 */
export function registerApiTokenRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  app.get('/api/tokens', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return repos.apiTokens.list();
  });

  app.post('/api/tokens', async (request, reply) => {
    const body = parseOr400(createApiTokenBodySchema, request.body, 'token');
    const secret = newApiToken();
    const now = nowMs();
    const token = await repos.apiTokens.create(
      {
        name: body.name,
        tokenHash: hashToken(secret),
        start: secret.slice(0, API_TOKEN_SHOWN_CHARACTERS),
        createdBy: Number(request.user!.id),
        createdAt: new Date(now).toISOString(),
        expiresAt: body.expiresInDays ? new Date(now + body.expiresInDays * 86_400_000).toISOString() : null,
      },
      writeActor(request),
    );
    return reply.code(201).header('Cache-Control', 'no-store').send({ token, secret });
  });

  app.delete('/api/tokens/:id', async (request, reply) => {
    const { id } = parseOr400(tokenIdParamsSchema, request.params, 'token id');
    orNotFound(
      await repos.apiTokens.revoke(id, writeActor(request), stampNow()),
      `Token ${id} does not exist or was revoked already`,
    );
    return reply.code(204).send();
  });
}
