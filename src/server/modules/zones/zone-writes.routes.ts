import { rollUpZone } from '../../../shared/tasks/task';
import { foundOr404, notFoundProblem } from '../../platform/found';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { createZoneChecks, isDetailedShape, type ShapeWorkers } from './zone-validation';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { writeActor } from '../../platform/auth/guard';
import { requireItemOwnership } from '../../platform/ownership';
import { auditedDeny } from '../../platform/audit';
import { mayOverrideZoneStatus } from '../../../shared/campaign/ownership';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { ID_PATTERN, idParamsSchema } from '../../platform/params';
import {
  createZoneBodySchema,
  restoreZoneBodySchema,
  updateZoneBodySchema,
  type ZoneSnapshot,
} from '../../../shared/zones/zone';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { WriteResult, ZoneOperation } from './zone-writes.repo';

const MAX_BATCH = 200;
const batchBodySchema = z.strictObject({
  operations: z
    .array(
      z.discriminatedUnion('op', [
        z.strictObject({
          op: z.literal('create'),
          feature: createZoneBodySchema,
        }),
        z.strictObject({
          op: z.literal('update'),
          id: z.string().check(z.regex(ID_PATTERN, 'id must be a zone id')),
          version: z.int().check(z.positive()),
          feature: updateZoneBodySchema,
        }),
        z.strictObject({
          op: z.literal('delete'),
          id: z.string().check(z.regex(ID_PATTERN, 'id must be a zone id')),
          version: z.int().check(z.positive()),
        }),
      ]),
    )
    .check(z.minLength(1, 'no operations'), z.maxLength(MAX_BATCH, `at most ${MAX_BATCH} operations`)),
});

type BatchEntry = z.infer<typeof batchBodySchema>['operations'][number];

/**
 * The batch's new shapes obey among themselves the rule stored zones do, as an import file's features
 * do (overlapsWithinBatch): a created or reshaped zone that overlaps an earlier one of the batch of the
 * same item is refused (409 naming both), unless one of the two was sent with an overlapReason.
 */
async function refuseOverlapsWithinBatch(
  entries: readonly BatchEntry[],
  operations: readonly ZoneOperation[],
  overlapsWithinBatch: ReturnType<typeof createZoneChecks>['overlapsWithinBatch'],
) {
  const shapes = operations.flatMap((operation, index) => {
    const entry = entries[index]!;
    if (operation.op === 'delete' || entry.op === 'delete' || entry.feature.overlapReason) return [];
    if (entry.op === 'update' && entry.feature.geometry === undefined) return [];
    return [
      {
        index,
        category: operation.snapshot.category,
        geometry: operation.snapshot.geometry,
        name: operation.snapshot.name,
      },
    ];
  });
  if (shapes.length < 2) return;
  // In a worker thread when the shapes are detailed (docs/quality.md P10).
  const [first] = await overlapsWithinBatch(shapes);
  if (!first) return;
  const [position, earlier] = first;
  const zone = shapes[position]!;
  const other = shapes[earlier]!;
  throw new HttpProblem(
    409,
    `Operation ${zone.index} (${zone.name}) overlaps operation ${other.index} (${other.name}) of this batch, of the same item ${zone.category}: send overlapReason to save anyway`,
    [
      {
        path: `operations.${zone.index}.feature.geometry`,
        message: 'overlaps another zone of this batch of the same item',
      },
    ],
    { operation: zone.index, overlapsOperation: other.index },
  );
}

/** Creating, changing, deleting and restoring zones, with versions, history and ownership. */
export function registerZoneWriteRoutes(
  app: FastifyInstance,
  context: RouteContext,
  shapeWorkers?: ShapeWorkers,
): void {
  const { repos } = context;

  const requireOwnership = (request: FastifyRequest, categories: string[], config: CampaignResponse) =>
    requireItemOwnership(repos, request, categories, config);

  // Detailed shapes are checked in worker threads (docs/quality.md P10).
  const { checkSnapshot, buildCreate, overlapsWithinBatch } = createZoneChecks(
    context,
    shapeWorkers ? { shapeWorkers } : {},
  );

  /**
   * The writes' one transaction; a new detailed zone's is run by `applyLarge` (in a worker thread on a database
   * file), which also derives its village there: that spatial join held the event loop 0.1–0.3 s for 19,000
   * corners (docs/quality.md P10).
   */
  function applyWrites(operations: ZoneOperation[], request: FastifyRequest) {
    const detailed = operations.some(
      (operation) =>
        operation.op === 'create' &&
        operation.snapshot.village === null &&
        isDetailedShape(operation.snapshot.geometry),
    );
    const actor = writeActor(request);
    return detailed ? repos.zoneWrites.applyLarge(operations, actor) : repos.zoneWrites.apply(operations, actor);
  }

  async function current(id: number) {
    const found = await repos.zoneWrites.getSnapshot(id);
    if (!found || found.deleted)
      throw new HttpProblem(404, `Zone ${id} does not exist${found?.deleted ? ' (it was deleted)' : ''}`);
    return found;
  }

  /** 412 for a lost race, with what the zone looks like now so the editor can show both. */
  async function stale(id: number, result: Extract<WriteResult, { ok: false }>): Promise<never> {
    if (result.error === 'missing') throw notFoundProblem('Zone', id);
    const now = await repos.zones.getZone(id, context.today());
    throw staleProblem({ currentVersion: result.currentVersion, current: now });
  }

  /** If-Match for a zone: a stale version answers 412 with the zone as it is now. */
  async function ifMatch(request: FastifyRequest, id: number, currentVersion: number): Promise<number> {
    try {
      return expectedVersion(request, currentVersion);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 412)
        return stale(id, { ok: false, error: 'stale', currentVersion });
      throw error;
    }
  }

  /**
   * Setting status or progress by hand over the tasks' roll-up is the campaign office's
   * (src/shared/campaign/ownership.ts mayOverrideZoneStatus): anyone else is refused, audited, before a change.
   */
  async function requireOverrideRight(request: FastifyRequest, id: number): Promise<void> {
    const may = mayOverrideZoneStatus(request.user ?? null);
    if (may.allowed) return;
    await auditedDeny(repos.audit, request, {
      target: { type: 'zone', id: String(id) },
      reason: `status override by ${request.user?.role ?? 'nobody'} refused (${may.reason})`,
      message:
        "This zone's status and progress follow its tasks: only the campaign office may set them by hand. Work on the tasks instead",
    });
  }

  /**
   * A zone with tasks takes its status and progress from them (shared/task.ts rollUpZone). Setting
   * them by hand needs a reason, kept until cleared, and is the campaign office's; clearing (null)
   * puts the roll-up back in `merged`. Returns what to store: a reason, null (cleared) or undefined
   * (unchanged).
   */
  async function statusOverrideOf(
    request: FastifyRequest,
    id: number,
    before: ZoneSnapshot,
    merged: ZoneSnapshot,
    reason: string | null | undefined,
  ): Promise<string | null | undefined> {
    const today = context.today();
    const tasks = await repos.tasks.listTasksOfZone(id, today);
    const rolled = rollUpZone(tasks);
    if (reason === null) {
      if (rolled) Object.assign(merged, { status: rolled.status, progress: rolled.progress });
      return null;
    }
    const byHand = merged.status !== before.status || merged.progress !== before.progress;
    if (reason !== undefined || (byHand && rolled)) await requireOverrideRight(request, id);
    if (reason !== undefined) return reason;
    if (!byHand || !rolled) return undefined;
    const current = await repos.zones.getZone(id, today);
    if (current?.properties.statusOverrideReason) return undefined;
    throw new HttpProblem(
      400,
      'This zone has tasks: its status and progress follow them. To set them by hand, give a reason (statusOverrideReason)',
      [{ path: 'statusOverrideReason', message: 'give a reason to set status or progress by hand' }],
    );
  }

  async function answerWithZone(reply: FastifyReply, id: number, status = 200) {
    const zone = await repos.zones.getZone(id, context.today());
    reply.header('ETag', etagOf(zone!.properties.version));
    return reply.code(status).send(zone);
  }

  app.post('/api/zones', async (request, reply) => {
    const body = parseOr400(createZoneBodySchema, request.body, 'zone');
    const config = await context.campaign();
    await requireOwnership(request, [body.properties.category], config);
    const { snapshot, leadUnit } = await buildCreate(body, config);
    const [result] = await applyWrites(
      [{ op: 'create', snapshot, leadUnit, reason: body.overlapReason ?? null }],
      request,
    );
    if (!result?.ok) throw new HttpProblem(409, 'The zone could not be created');
    reply.header('Location', `/api/zones/${result.id}`);
    return answerWithZone(reply, result.id, 201);
  });

  app.patch('/api/zones/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const found = await current(id);
    const version = await ifMatch(request, id, found.version);
    const body = parseOr400(updateZoneBodySchema, request.body, 'zone change');
    const merged: ZoneSnapshot = {
      ...found.snapshot,
      ...body.properties,
      geometry: body.geometry ?? found.snapshot.geometry,
    };
    const statusOverride = await statusOverrideOf(request, id, found.snapshot, merged, body.statusOverrideReason);
    const config = await context.campaign();
    await requireOwnership(request, [found.snapshot.category, merged.category], config);
    const geometryChanged = body.geometry !== undefined || merged.category !== found.snapshot.category;
    const { snapshot, leadUnit } = await checkSnapshot(merged, config, {
      geometryChanged,
      excludeIds: [id],
      overlapReason: body.overlapReason,
    });
    const [result] = await repos.zoneWrites.apply(
      [
        {
          op: 'update',
          id,
          expectedVersion: version,
          snapshot,
          leadUnit,
          reason: body.overlapReason ?? null,
          ...(statusOverride === undefined ? {} : { statusOverride }),
        },
      ],
      writeActor(request),
    );
    if (!result?.ok) return stale(id, result as Extract<WriteResult, { ok: false }>);
    return answerWithZone(reply, id);
  });

  app.delete('/api/zones/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const found = await current(id);
    await requireOwnership(request, [found.snapshot.category], await context.campaign());
    const version = await ifMatch(request, id, found.version);
    const [result] = await repos.zoneWrites.apply(
      [{ op: 'delete', id, expectedVersion: version }],
      writeActor(request),
    );
    if (!result?.ok) return stale(id, result as Extract<WriteResult, { ok: false }>);
    reply.header('ETag', etagOf(result.version));
    return reply.code(204).send();
  });

  app.get('/api/zones/:id/history', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const history = foundOr404(await repos.zoneWrites.history(id), 'Zone', id);
    return history;
  });

  app.post('/api/zones/:id/restore', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const found = await current(id);
    const version = await ifMatch(request, id, found.version);
    const body = parseOr400(restoreZoneBodySchema, request.body, 'restore');
    const history = (await repos.zoneWrites.history(id)) ?? [];
    const target = history.find((entry) => entry.version === body.version);
    if (!target)
      throw new HttpProblem(400, `Zone ${id} has no version ${body.version}`, [
        { path: 'version', message: 'no such version' },
      ]);
    const config = await context.campaign();
    await requireOwnership(request, [found.snapshot.category, target.snapshot.category], config);
    // An earlier version's status and progress over the tasks' roll-up are a hand-set status too (unit-rights.test.ts).
    const byHand =
      target.snapshot.status !== found.snapshot.status || target.snapshot.progress !== found.snapshot.progress;
    if (byHand && rollUpZone(await repos.tasks.listTasksOfZone(id, context.today())))
      await requireOverrideRight(request, id);
    const item = config.items.find((candidate) => candidate.code === target.snapshot.category);
    const result = await repos.zoneWrites.restore(id, body.version, version, item?.leadUnit ?? '', writeActor(request));
    if (!result.ok) return stale(id, result);
    return answerWithZone(reply, id);
  });

  app.get('/api/zones/deleted', async () => repos.zoneWrites.listDeleted());

  app.post('/api/zones/:id/undelete', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const result = await repos.zoneWrites.undelete(id, writeActor(request));
    if (!result.ok) throw new HttpProblem(404, `Zone ${id} is not a deleted zone`);
    return answerWithZone(reply, id);
  });

  app.post('/api/zones/batch', async (request) => {
    const body = parseOr400(batchBodySchema, request.body, 'batch');
    const config = await context.campaign();
    const operations: ZoneOperation[] = [];
    const categories: string[] = [];
    // Zones this batch changes or deletes are not overlaps of its new shapes (a split, a merge).
    const touched = body.operations.flatMap((entry) => (entry.op === 'create' ? [] : [Number(entry.id)]));
    for (const [index, entry] of body.operations.entries()) {
      const prefix = `operations.${index}.`;
      if (entry.op === 'create') {
        categories.push(entry.feature.properties.category);
        const { snapshot, leadUnit } = await buildCreate(entry.feature, config, `${prefix}feature.`, touched);
        operations.push({ op: 'create', snapshot, leadUnit, reason: entry.feature.overlapReason ?? null });
        continue;
      }
      const id = Number(entry.id);
      const found = await repos.zoneWrites.getSnapshot(id);
      if (!found || found.deleted) throw new HttpProblem(404, `Zone ${id} (operation ${index}) does not exist`);
      categories.push(found.snapshot.category);
      if (entry.op === 'delete') {
        operations.push({ op: 'delete', id, expectedVersion: entry.version });
        continue;
      }
      const merged: ZoneSnapshot = {
        ...found.snapshot,
        ...entry.feature.properties,
        geometry: entry.feature.geometry ?? found.snapshot.geometry,
      };
      categories.push(merged.category);
      // The batch sets no override: status or progress by hand over a roll-up only by the office (unit-rights.test.ts).
      if (merged.status !== found.snapshot.status || merged.progress !== found.snapshot.progress) {
        if (rollUpZone(await repos.tasks.listTasksOfZone(id, context.today()))) await requireOverrideRight(request, id);
      }
      const { snapshot, leadUnit } = await checkSnapshot(merged, config, {
        geometryChanged: entry.feature.geometry !== undefined || merged.category !== found.snapshot.category,
        excludeIds: touched,
        overlapReason: entry.feature.overlapReason,
        pathPrefix: `${prefix}feature.`,
      });
      operations.push({
        op: 'update',
        id,
        expectedVersion: entry.version,
        snapshot,
        leadUnit,
        reason: entry.feature.overlapReason ?? null,
      });
    }
    await requireOwnership(request, categories, config);
    await refuseOverlapsWithinBatch(body.operations, operations, overlapsWithinBatch);
    const results = await applyWrites(operations, request);
    const failed = results.findIndex((result) => !result.ok);
    if (failed >= 0) {
      const result = results[failed] as Extract<WriteResult, { ok: false }>;
      throw new HttpProblem(
        result.error === 'stale' ? 412 : 404,
        result.error === 'stale'
          ? `Operation ${failed}: zone changed by someone else (the current version is ${result.currentVersion}): nothing was saved`
          : `Operation ${failed} failed (${result.error}): nothing was saved`,
        undefined,
        {
          failedOperation: failed,
          currentVersion: result.currentVersion,
        },
      );
    }
    return {
      results: results.map((result) => (result.ok ? { id: String(result.id), version: result.version } : null)),
    };
  });
}
