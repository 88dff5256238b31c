import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from '../zones';
import type { RouteContext } from '../../platform/context';
import { writeActor } from '../../platform/auth/guard';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { idParamsSchema } from '../../platform/params';
import { requireItemOwnership } from '../../platform/ownership';
import { answerIssues, scoreSheet } from '../../../shared/checklists/checklists';
import { inspectionBodySchema, inspectionQuerySchema, monthOfDay } from '../../../shared/checklists/inspections';
import { checklistOf, checklistOr422, CHECKLISTS } from './checklist-store';

/**
 * 月度自查 (monthly self-inspections) and the 评分细则 they are scored on. The lead unit of a zone's item (or the
 * campaign office) records one inspection per zone and month on the item's checklist; the score is computed.
 */
export function registerInspectionRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  app.get('/api/checklists', async () => CHECKLISTS());

  app.get('/api/zones/:id/inspections', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await zoneOr404(context, id);
    return repos.inspections.listOfZone(id);
  });

  app.post('/api/zones/:id/inspections', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    const item = zone.properties.category;
    await requireItemOwnership(repos, request, [item], await context.campaign());
    const body = parseOr400(inspectionBodySchema(context.today()), request.body, 'monthly inspection');
    const sheet = checklistOr422(item);
    const issues = answerIssues(sheet, body.answers);
    if (issues.length)
      throw new HttpProblem(
        422,
        `The answers do not fit the ${item} checklist: ${issues.map((issue) => issue.message).join('; ')}`,
        issues.map((issue) => ({ path: `answers.${issue.check}`, message: issue.message })),
      );
    const result = await repos.inspections.create(
      {
        zoneId: id,
        itemCode: item,
        month: body.month,
        unitId: request.user?.unit ?? null,
        answers: body.answers,
        score: scoreSheet(sheet, body.answers).score,
        note: body.note,
        photoIds: body.photoIds,
      },
      writeActor(request),
    );
    if (!result.ok) {
      if (result.reason === 'duplicate')
        throw new HttpProblem(
          409,
          `Zone ${id} already has a self-inspection for ${body.month}: one per zone and month`,
          undefined,
          { existing: result.existing },
        );
      throw new HttpProblem(
        400,
        `Not photos of zone ${id}: ${result.photoIds.join(', ')}`,
        result.photoIds.map((photoId) => ({
          path: 'photoIds',
          message: `photo ${photoId} is not a photo of this zone`,
        })),
      );
    }
    reply.header('Location', `/api/zones/${id}/inspections`);
    return reply.code(201).send(result.inspection);
  });

  app.get('/api/inspections', async (request) => {
    const query = parseOr400(inspectionQuerySchema, request.query, 'query');
    const campaign = await context.campaign();
    const unit = query.unit ?? request.user?.unit ?? null;
    if (unit !== null && !campaign.units.some((candidate) => candidate.id === unit))
      throw new HttpProblem(400, `No unit ${unit}`, [{ path: 'unit', message: `no unit ${unit}` }]);
    const items = campaign.items
      .filter((item) => (unit === null || item.leadUnit === unit) && checklistOf(item.code))
      .map((item) => item.code);
    return repos.inspections.overview(query.month ?? monthOfDay(context.today()), unit, items);
  });
}
