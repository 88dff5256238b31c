import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { etagOf, expectedVersion, parseVersionTag, staleProblem } from '../../platform/preconditions';
import { idParams } from '../../platform/params';
import { foundOr404 } from '../../platform/found';
import { requireItemOwnership } from '../../platform/ownership';
import { DATA_FOLDER } from '../../platform/data-files';
import { FLOOD_ITEM } from '../../../shared/campaign/items';
import {
  levelAfter,
  levelsUpTo,
  pumpStatusBodySchema,
  RESPONSE_ACTIONS,
  responseActionBodySchema,
  responsePlanSchema,
  responseStartSchema,
  type ResponseLevel,
  type ResponsePlan,
} from '../../../shared/flood/response';
import type { NewResponseTask } from './responses.repo';

const responseParamsSchema = idParams('response');
const actionParamsSchema = z.object({
  id: responseParamsSchema.shape.id,
  action: z.enum(RESPONSE_ACTIONS, 'the action is raise, lower or end'),
});
const pumpParamsSchema = idParams('pump station');

let plan: ResponsePlan | null = null;
/** data/flood-response.json, validated on first use (a broken file is a 503 naming it, never a silent default). */
export function responsePlan(): ResponsePlan {
  if (plan) return plan;
  const parsed = responsePlanSchema.safeParse(
    JSON.parse(readFileSync(path.join(DATA_FOLDER, 'flood-response.json'), 'utf8')),
  );
  if (!parsed.success) throw new HttpProblem(503, 'data/flood-response.json is not a valid response plan');
  plan = parsed.data;
  return plan;
}

/** The tasks of a response at `level`: those of its level and every lower one (repeats are skipped when stored). */
const tasksUpTo = (level: ResponseLevel): NewResponseTask[] =>
  levelsUpTo(level).flatMap((each) => responsePlan().levels[each].tasks.map((task) => ({ level: each, ...task })));

/** 防汛应急响应 (IV → I) with its checklist and timeline; 泵站 status; the plan the 预案 page prints. */
export function registerResponseRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;
  const mayWrite = async (request: FastifyRequest) =>
    requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());

  app.get('/api/flood/responses', async () => repos.floodResponses.list());

  app.post('/api/flood/responses', async (request, reply) => {
    await mayWrite(request);
    const body = parseOr400(responseStartSchema, request.body, 'response');
    const started = await repos.floodResponses.start(
      body.level,
      body.reason,
      tasksUpTo(body.level),
      writeActor(request),
      context.now(),
    );
    if (started === 'active_exists') {
      const active = await repos.floodResponses.active();
      throw new HttpProblem(409, 'A response is running already: raise, lower or end it', undefined, {
        activeId: active?.id ?? null,
      });
    }
    reply.header('ETag', etagOf(started.version));
    return reply.code(201).send(started);
  });

  app.post('/api/flood/responses/:id/actions/:action', async (request, reply) => {
    const { id, action } = parseOr400(actionParamsSchema, request.params, 'response action');
    await mayWrite(request);
    const current = foundOr404(await repos.floodResponses.get(id), 'Response', id);
    const version = expectedVersion(request, current.version, current);
    const { reason } = parseOr400(responseActionBodySchema, request.body, 'action');
    if (current.status === 'ended') throw new HttpProblem(409, 'The response has ended');
    let level: ResponseLevel | null = null;
    if (action !== 'end') {
      const next = levelAfter(current.level, action);
      if (!(next === 'IV' || next === 'III' || next === 'II' || next === 'I')) throw new HttpProblem(409, next);
      level = next;
    }
    const changed = await repos.floodResponses.act(
      id,
      {
        kind: action === 'raise' ? 'raised' : action === 'lower' ? 'lowered' : 'ended',
        level,
        reason,
        tasks: action === 'raise' && level ? tasksUpTo(level) : [],
      },
      version,
      writeActor(request),
      context.now(),
    );
    if (changed === null) throw new HttpProblem(404, `Response ${id} does not exist`);
    if (changed === 'stale') {
      const now = await repos.floodResponses.get(id);
      throw staleProblem({ currentVersion: now?.version ?? null, current: now });
    }
    reply.header('ETag', etagOf(changed.version));
    return changed;
  });

  app.get('/api/flood/pumps', async () => repos.floodResponses.pumps());

  // The first status of a pump station needs no If-Match; changing it does (428 / 412 like every write).
  app.put('/api/flood/pumps/:id/status', async (request, reply) => {
    const { id } = parseOr400(pumpParamsSchema, request.params, 'pump station id');
    await mayWrite(request);
    const pumps = await repos.floodResponses.pumps();
    const pump = foundOr404(
      pumps.find((each) => each.facilityId === String(id)),
      'Pump station',
      id,
    );
    let expected: number | null = null;
    if (pump.status !== null) {
      const header = request.headers['if-match'];
      if (header === undefined) throw new HttpProblem(428, 'Changing the status needs If-Match with its ETag');
      const version = typeof header === 'string' ? parseVersionTag(header) : null;
      if (version === null) throw new HttpProblem(400, 'If-Match is not an ETag of this server');
      if (version !== pump.version) throw staleProblem({ currentVersion: pump.version, current: pump });
      expected = version;
    }
    const body = parseOr400(pumpStatusBodySchema, request.body, 'pump status');
    const saved = await repos.floodResponses.setPump(
      id,
      body.status,
      body.note ?? '',
      expected,
      writeActor(request),
      context.now(),
    );
    if (saved === null) throw new HttpProblem(404, `Pump station ${id} does not exist`);
    if (saved === 'stale') throw staleProblem({ currentVersion: null });
    reply.header('ETag', etagOf(saved.version));
    return saved;
  });
}
