import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { clientHasEtag } from '../../platform/preconditions';
import { addDays, isValidDay } from '../../../shared/time/dates';
import { CASE_POINTS_CONTENT_TYPE, encodeCasePoints } from '../../../shared/cases/case-points';

const day = z
  .string()
  .check(z.refine((value) => isValidDay(value), { message: 'expected a calendar day YYYY-MM-DD (Asia/Shanghai)' }));
const pointsQuerySchema = z.strictObject({ from: z.optional(day), to: z.optional(day) });

/** The first instant (UTC ISO) of a calendar day in Asia/Shanghai. */
const dayStart = (value: string) => new Date(`${value}T00:00:00+08:00`).toISOString();

/**
 * The map's case layer: every case point of a time range in the compact binary form of src/shared/cases/case-points.ts
 * (P3: larger layers travel binary, not as GeoJSON). The ETag is a hash of the body: a client that has it gets a
 * 304 and keeps its copy.
 */
export function registerCaseMapRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  app.get('/api/cases/points.bin', async (request, reply) => {
    const query = parseOr400(pointsQuerySchema, request.query, 'query');
    if (query.from && query.to && query.from > query.to) {
      throw new HttpProblem(400, `from (${query.from}) is after to (${query.to})`, [
        { path: 'from', message: 'must not be after to' },
      ]);
    }
    const codes = await repos.cases.listCodes();
    const points = await repos.casePoints.readPoints(
      {
        ...(query.from ? { fromInstant: dayStart(query.from) } : {}),
        // `to` is inclusive: everything before the start of the next day.
        ...(query.to ? { toInstant: dayStart(addDays(query.to, 1)) } : {}),
      },
      codes.map((code) => code.code),
    );
    const body = encodeCasePoints(points);
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    reply.header('ETag', etag);
    // Kept by the browser, asked again every time (the cases change during the day).
    reply.header('Cache-Control', 'private, no-cache');
    reply.header('X-Case-Count', String(points.count));
    if (clientHasEtag(request, etag)) return reply.code(304).send();
    return reply.type(CASE_POINTS_CONTENT_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}
