import { idempotently } from '../../platform/idempotency/idempotency';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { zoneOr404 } from '../zones';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { etagOf, parseVersionTag, staleProblem } from '../../platform/preconditions';
import { idParamsSchema } from '../../platform/params';
import { requireItemOwnership } from '../../platform/ownership';
import { floodEventBodySchema, floodFacilityBodySchema, floodProfileBodySchema } from '../../../shared/flood/flood';
import { addDays } from '../../../shared/time/dates';
import { DATA_FOLDER } from '../../platform/data-files';
import { FLOOD_ITEM } from '../../../shared/campaign/items';

const checklistSchema = z.object({
  seasonStartsOn: z.string().check(z.regex(/^\d{2}-\d{2}$/)),
  tasks: z.array(z.object({ title: z.string(), measures: z.string(), daysBeforeSeason: z.int() })),
});

const eventListQuerySchema = z.strictObject({ deleted: z.optional(z.enum(['true', 'false'])) });

/** The water station's flood data: R4 areas' profiles and facilities, rainfall events, frequency, checklists. */
export function registerFloodRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;
  /** The zone must exist and be a flood-prone area (R4). */
  const floodZone = async (request: FastifyRequest) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    if (zone.properties.category !== FLOOD_ITEM) {
      throw new HttpProblem(
        400,
        `Zone ${id} is not a low-lying flood-prone area (${FLOOD_ITEM}): flood data belongs to ${FLOOD_ITEM} zones`,
      );
    }
    return { id, zone };
  };

  app.get('/api/zones/:id/flood', async (request, reply) => {
    const { id } = await floodZone(request);
    const profile = await repos.flood.getProfile(id);
    if (profile) reply.header('ETag', etagOf(profile.version));
    return { profile, facilities: await repos.flood.listFacilities(id), events: await repos.flood.listEvents(id) };
  });

  // Creating the profile needs no If-Match; changing an existing one does (428 / 412 like every write).
  app.put('/api/zones/:id/flood', async (request, reply) => {
    const { id } = await floodZone(request);
    await requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
    const existing = await repos.flood.getProfile(id);
    const header = request.headers['if-match'];
    let expected: number | null = null;
    if (existing) {
      if (header === undefined) throw new HttpProblem(428, 'Changing the flood profile needs If-Match with its ETag');
      const version = typeof header === 'string' ? parseVersionTag(header) : null;
      if (version === null) throw new HttpProblem(400, 'If-Match is not an ETag of this server');
      if (version !== existing.version) {
        throw staleProblem({ currentVersion: existing.version, current: existing });
      }
      expected = version;
    }
    const body = parseOr400(floodProfileBodySchema, request.body, 'flood profile');
    const saved = await repos.flood.putProfile(id, body, expected, writeActor(request));
    if (!saved) {
      const now = await repos.flood.getProfile(id);
      throw staleProblem({ currentVersion: now?.version ?? null, current: now });
    }
    reply.header('ETag', etagOf(saved.version));
    return reply.code(existing ? 200 : 201).send(saved);
  });

  app.post('/api/zones/:id/flood/facilities', async (request, reply) => {
    const { id } = await floodZone(request);
    await requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
    const body = parseOr400(floodFacilityBodySchema, request.body, 'facility');
    return reply.code(201).send(await repos.flood.addFacility(id, body, writeActor(request)));
  });

  /** Generate the flood-season checklist as tasks of the area; titles it already has are skipped. */
  app.post('/api/zones/:id/flood/checklist', async (request, reply) => {
    const { id, zone } = await floodZone(request);
    await requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
    const template = checklistSchema.parse(
      JSON.parse(readFileSync(path.join(DATA_FOLDER, 'flood-checklist.json'), 'utf8')),
    );
    const today = context.today();
    let season = `${today.slice(0, 4)}-${template.seasonStartsOn}`;
    if (season <= today) season = `${Number(today.slice(0, 4)) + 1}-${template.seasonStartsOn}`;
    const existing = new Set((await repos.tasks.listTasksOfZone(id, today)).map((task) => task.title));
    const wanted = template.tasks
      .filter((task) => !existing.has(task.title))
      .map((task) => ({
        title: task.title,
        measures: task.measures,
        dueDate: addDays(season, -task.daysBeforeSeason),
        assignedUnit: zone.properties.leadUnit,
      }));
    const created = await repos.tasks.createTasks(id, wanted, writeActor(request), 'flood_checklist_created');
    return reply.code(201).send({ created: created.length, skipped: template.tasks.length - created.length, season });
  });

  app.get('/api/flood-events', async (request) => {
    const { deleted } = parseOr400(eventListQuerySchema, request.query, 'query');
    return repos.flood.listEvents(undefined, deleted === 'true');
  });

  app.post('/api/flood-events', async (request, reply) => {
    await requireItemOwnership(repos, request, [FLOOD_ITEM], await context.campaign());
    const body = parseOr400(floodEventBodySchema, request.body, 'flood event');
    if (body.occurredOn > context.today()) {
      throw new HttpProblem(400, 'The event date is in the future', [{ path: 'occurredOn', message: 'in the future' }]);
    }
    // Points recorded offline and resent by the outbox are recorded once (same Idempotency-Key, same answer).
    return idempotently(repos.idempotency, request, reply, { route: 'flood-event', now: context.now() }, async () => {
      const created = await repos.flood.createEvent(body, writeActor(request));
      // Points reported during a running 防汛应急响应 go on its timeline.
      await repos.floodResponses.logToActive(
        {
          kind: 'points',
          level: null,
          reason: created.notes,
          detail: { eventId: created.id, points: created.pointCount, maxDepthCm: created.maxDepthCm },
        },
        writeActor(request),
        context.now(),
      );
      return { status: 201, body: created };
    });
  });

  app.get('/api/flood-events/points', async () => ({
    type: 'FeatureCollection',
    features: (await repos.flood.listPoints()).map((point) => ({
      type: 'Feature',
      id: point.id,
      geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
      properties: {
        pointId: String(point.id),
        eventId: String(point.eventId),
        occurredOn: point.occurredOn,
        depthCm: point.depthCm,
        zoneId: point.zoneId === null ? null : String(point.zoneId),
      },
    })),
  }));

  app.get('/api/flood-frequency', async () => repos.flood.frequency());
}
