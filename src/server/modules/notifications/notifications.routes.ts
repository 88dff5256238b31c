import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { etagOf, parseVersionTag } from '../../platform/preconditions';
import { writeActor } from '../../platform/auth/guard';
import { idParams } from '../../platform/params';
import {
  dingtalkSecretError,
  markReadBodySchema,
  parseNotificationRules,
  WEBHOOK_CHANNELS,
  webhookUrlError,
} from '../../../shared/notifications/notification';
import type { Notifier } from './notifier';

const inboxQuerySchema = z.strictObject({
  limit: z.optional(z.string().check(z.regex(/^([1-9]\d?|1\d\d|200)$/, 'limit: 1 to 200'))),
});
const webhookParamsSchema = z.object({
  unit: z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,63}$/, 'unit: a unit id')),
  channel: z.enum(WEBHOOK_CHANNELS, { error: 'channel: wecom or dingtalk' }),
});
const webhookBodySchema = z.strictObject({
  url: z.string().check(z.maxLength(1000, 'the URL is at most 1000 characters')),
  secret: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
});
const outboxParamsSchema = idParams('outbox message');
const outboxQuerySchema = z.strictObject({ status: z.optional(z.enum(['failed', 'pending', 'delivered'])) });

/** The URL as the office may see it again: host and path, the key cut to its last 4 characters. */
function urlHint(raw: string): string {
  try {
    const url = new URL(raw);
    const key = url.searchParams.get('key') ?? url.searchParams.get('access_token') ?? '';
    return `${url.origin}${url.pathname}?…${key.slice(-4)}`;
  } catch {
    return '…';
  }
}

/** The inbox, read marks, the office's rules, unit group robots, the outbox's failures and the digest preview. */
export function registerNotificationRoutes(app: FastifyInstance, context: RouteContext, notifier: Notifier): void {
  const { repos } = context;
  const ownerOf = (user: NonNullable<import('fastify').FastifyRequest['user']>) => ({
    userId: Number(user.id),
    unit: user.unit,
    role: user.role,
  });

  app.get('/api/inbox', async (request, reply) => {
    const query = parseOr400(inboxQuerySchema, request.query, 'inbox query');
    // The rules are evaluated as of now, so the inbox holds what is due today even between the worker's passes.
    await notifier.evaluate(context.now());
    reply.header('Cache-Control', 'no-store');
    return repos.notifications.inbox(ownerOf(request.user!), Number(query.limit ?? 50));
  });

  app.post('/api/inbox/read', async (request) => {
    const body = parseOr400(markReadBodySchema, request.body, 'read marks');
    const owner = ownerOf(request.user!);
    await repos.notifications.markRead(owner, body.all ? 'all' : body.ids!, context.now().toISOString());
    return { unread: (await repos.notifications.inbox(owner, 1)).unread };
  });

  app.get('/api/notifications/rules', async (_request, reply) => {
    const saved = await repos.notifications.rules();
    const rules = await notifier.reloadRules();
    if (saved) reply.header('ETag', etagOf(saved.version));
    return {
      source: saved ? 'office' : 'file',
      version: saved?.version ?? null,
      updatedAt: saved?.updated_at ?? null,
      rules,
    };
  });

  app.put('/api/notifications/rules', async (request, reply) => {
    const parsed = parseNotificationRules(request.body);
    if (!parsed.ok) throw new HttpProblem(400, 'The notification rules are not valid', parsed.errors);
    const saved = await repos.notifications.rules();
    let expected: number | null = null;
    if (saved) {
      const header = request.headers['if-match'];
      if (typeof header !== 'string') {
        throw new HttpProblem(428, 'This write needs an If-Match header with the ETag you read');
      }
      expected = parseVersionTag(header);
      if (expected === null) throw new HttpProblem(400, 'If-Match is not an ETag of this server');
    }
    const ok = await repos.notifications.saveRules(
      JSON.stringify(parsed.rules),
      expected,
      context.now().toISOString(),
      writeActor(request).username ?? 'unknown',
    );
    if (!ok) {
      const current = await repos.notifications.rules();
      throw new HttpProblem(412, 'Changed by someone else: reload the rules', undefined, {
        currentVersion: current?.version ?? null,
      });
    }
    const after = (await repos.notifications.rules())!;
    await notifier.reloadRules();
    reply.header('ETag', etagOf(after.version));
    return { source: 'office', version: after.version, updatedAt: after.updated_at, rules: parsed.rules };
  });

  app.get('/api/notifications/webhooks', async () => {
    const rows = await repos.notifications.webhooks();
    return rows.map((row) => ({
      unit: row.unit_id,
      channel: row.channel,
      urlHint: urlHint(row.url),
      signed: row.secret !== null,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }));
  });

  app.put('/api/notifications/webhooks/:unit/:channel', async (request, reply) => {
    const { unit, channel } = parseOr400(webhookParamsSchema, request.params, 'group robot');
    const body = parseOr400(webhookBodySchema, request.body, 'group robot');
    const config = await context.campaign();
    if (!config.units.some((candidate) => candidate.id === unit)) {
      throw new HttpProblem(404, `Unit ${unit} does not exist`);
    }
    const urlError = webhookUrlError(channel, body.url.trim());
    if (urlError)
      throw new HttpProblem(400, `The webhook URL is not usable: ${urlError}`, [{ path: 'url', message: urlError }]);
    const secret = body.secret?.trim() || null;
    if (secret && channel !== 'dingtalk') {
      throw new HttpProblem(400, 'Only 钉钉 robots take a signing secret', [
        { path: 'secret', message: 'not for 企业微信' },
      ]);
    }
    const secretError = secret ? dingtalkSecretError(secret) : null;
    if (secretError)
      throw new HttpProblem(400, `The signing secret is not usable: ${secretError}`, [
        { path: 'secret', message: secretError },
      ]);
    await repos.notifications.putWebhook(
      unit,
      channel,
      body.url.trim(),
      secret,
      context.now().toISOString(),
      writeActor(request).username ?? 'unknown',
    );
    return reply.code(204).send();
  });

  app.delete('/api/notifications/webhooks/:unit/:channel', async (request, reply) => {
    const { unit, channel } = parseOr400(webhookParamsSchema, request.params, 'group robot');
    if ((await repos.notifications.deleteWebhook(unit, channel)) === 0) {
      throw new HttpProblem(404, `Unit ${unit} has no ${channel} group robot`);
    }
    return reply.code(204).send();
  });

  // A test message to one robot, through the outbox like every other (its delivery or failure shows there).
  app.post('/api/notifications/webhooks/:unit/:channel/test', async (request, reply) => {
    const { unit, channel } = parseOr400(webhookParamsSchema, request.params, 'group robot');
    if (!(await repos.notifications.webhooks()).some((row) => row.unit_id === unit && row.channel === channel)) {
      throw new HttpProblem(404, `Unit ${unit} has no ${channel} group robot`);
    }
    const config = await context.campaign();
    const name = config.units.find((candidate) => candidate.id === unit)?.name ?? unit;
    const now = context.now();
    const message = {
      title: `测试消息：${name}`,
      markdown: `> 这是“一张图”发给${name}群的测试消息，收到即说明群机器人设置正确。\n[在“一张图”中打开](${notifier.link('/')})`,
    };
    const result = await notifier.enqueueMessage(`unit:${unit}`, `test:${now.getTime()}`, message, now, channel);
    return reply.code(202).send({ queued: result.queued });
  });

  app.post('/api/notifications/outbox/:id/retry', async (request, reply) => {
    const { id } = parseOr400(outboxParamsSchema, request.params, 'outbox message');
    if ((await repos.notifications.retryFailed(id, context.now().toISOString())) === 0) {
      throw new HttpProblem(404, `There is no failed message ${id} to send again`);
    }
    return reply.code(204).send();
  });

  app.get('/api/notifications/outbox', async (request) => {
    const { status = 'failed' } = parseOr400(outboxQuerySchema, request.query, 'outbox query');
    const statuses = status === 'pending' ? (['pending', 'sending'] as const) : ([status, status] as const);
    return (await repos.notifications.outbox(statuses)).map((row) => ({
      id: String(row.id),
      channel: row.channel,
      target: row.target,
      title: row.title,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      createdAt: row.created_at,
      deliveredAt: row.delivered_at,
    }));
  });

  app.get('/api/notifications/digest', async () => {
    const now = context.now();
    await notifier.evaluate(now);
    return notifier.previewDigest(now);
  });
}
