import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { auditQuerySchema } from '../../../shared/admin/audit';
import { addDays } from '../../../shared/time/dates';

/** A calendar day in Asia/Shanghai → the UTC instant it starts. */
const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The audit log, newest first, with filters (admin and inspector). */
export function registerAuditRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/audit', async (request) => {
    const query = parseOr400(auditQuerySchema, request.query, 'query');
    return context.repos.audit.list({
      actor: query.actor,
      action: query.action,
      outcome: query.outcome,
      targetType: query.targetType,
      target: query.target,
      unit: query.unit,
      fromInstant: query.from ? shanghaiMidnight(query.from) : undefined,
      toInstant: query.to ? shanghaiMidnight(addDays(query.to, 1)) : undefined,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  });
}
