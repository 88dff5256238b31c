import type { FastifyInstance } from 'fastify';
import { zoneOr404 } from '../zones';
import type { RouteContext } from '../../platform/context';
import { writeActor } from '../../platform/auth/guard';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { idParamsSchema } from '../../platform/params';
import {
  checkBodySchema,
  passScoreIssue,
  quarterOf,
  quarterQuerySchema,
  reworkDueDate,
  type CheckBody,
  type ScoredCheckBody,
} from '../../../shared/checks/checks';
import { answerIssues, scoreSheet } from '../../../shared/checklists/checklists';
import { checklistOf } from '../inspections';

/**
 * The score of a check: computed from the answers on the zone's item's checklist (评分细则) when it has one,
 * else the typed score. 4xx naming the field (or the check) when the body does not fit the zone's item.
 */
function scoredCheck(body: CheckBody, item: string): ScoredCheckBody {
  const sheet = checklistOf(item);
  if (!sheet) {
    if (body.answers !== undefined)
      throw new HttpProblem(400, `Item ${item} has no checklist: type the score`, [
        { path: 'answers', message: `item ${item} has no checklist` },
      ]);
    if (body.score === undefined)
      throw new HttpProblem(400, 'A score is needed', [{ path: 'score', message: 'a score 0–100 is needed' }]);
    return { ...body, score: body.score, answers: null };
  }
  if (body.answers === undefined)
    throw new HttpProblem(422, `Item ${item} is scored on its checklist (评分细则): answer its checks`, [
      { path: 'answers', message: `the ${item} checklist needs answers` },
    ]);
  const issues = answerIssues(sheet, body.answers);
  if (issues.length)
    throw new HttpProblem(
      422,
      `The answers do not fit the ${item} checklist: ${issues.map((issue) => issue.message).join('; ')}`,
      issues.map((issue) => ({ path: `answers.${issue.check}`, message: issue.message })),
    );
  const score = scoreSheet(sheet, body.answers).score;
  const scoreIssue = passScoreIssue(body.passed, score);
  if (scoreIssue)
    throw new HttpProblem(400, `The checklist scores ${score}: ${scoreIssue}`, [
      { path: 'score', message: scoreIssue },
    ]);
  return { ...body, score, answers: body.answers };
}

/**
 * 季检查 (quarterly checks): inspectors (纪委) and the campaign office record one check per zone and
 * quarter; a failed check sends the zone's submitted and finished tasks back to rework. Everyone
 * signed in reads a zone's checks and a quarter's overview (checked and not yet checked zones).
 */
export function registerCheckRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  const requireZone = async (id: number) => {
    const zone = await zoneOr404(context, id);
    return zone;
  };

  app.get('/api/zones/:id/checks', async (request) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    await requireZone(id);
    return repos.checks.listOfZone(id);
  });

  app.post('/api/zones/:id/checks', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'zone id');
    const zone = await requireZone(id);
    const today = context.today();
    const body = scoredCheck(
      parseOr400(checkBodySchema(today), request.body, 'quarterly check'),
      zone.properties.category,
    );
    const result = await repos.checks.create(id, body, reworkDueDate(body, today), writeActor(request));
    if (!result.ok) {
      if (result.reason === 'duplicate') {
        throw new HttpProblem(
          409,
          `Zone ${id} already has a check for ${body.quarter}: one check per zone and quarter`,
          undefined,
          { existing: result.existing },
        );
      }
      throw new HttpProblem(
        400,
        `Not photos of zone ${id}: ${result.photoIds.join(', ')}`,
        result.photoIds.map((photoId) => ({
          path: 'photoIds',
          message: `photo ${photoId} is not a photo of this zone`,
        })),
      );
    }
    reply.header('Location', `/api/zones/${id}/checks`);
    return reply.code(201).send(result);
  });

  app.get('/api/checks', async (request) => {
    const query = parseOr400(quarterQuerySchema, request.query, 'query');
    return repos.checks.overviewOfQuarter(query.quarter ?? quarterOf(context.today()));
  });
}
