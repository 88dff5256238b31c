import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { nextTurn } from '../../platform/next-turn';
import { computeDashboard, type Dashboard } from '../../../shared/dashboard/dashboard';
import { daySchema } from '../../../shared/zones/zone';

const dashboardQuerySchema = z.strictObject({ asOf: z.optional(daySchema) });

/** The leadership overview (一张表), today or as it stood on an earlier day (from the history). */
export function registerDashboardRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/dashboard', async (request, reply) => {
    const query = parseOr400(dashboardQuerySchema, request.query, 'query');
    const dashboard = await dashboardAsOf(context, pastDayOr400(query.asOf ?? context.today(), context.today()));
    reply.header('Cache-Control', 'no-cache');
    return dashboard;
  });
}

/** `asOf` when it is today or earlier; a day after today is a 400 (the history holds the past and today). */
export function pastDayOr400(asOf: string, today: string): string {
  if (asOf > today) {
    throw new HttpProblem(400, `asOf ${asOf} is after today (${today}): the history holds the past and today`, [
      { path: 'asOf', message: 'in the future' },
    ]);
  }
  return asOf;
}

/** The dashboard of the town the request runs in, as it stood on `asOf` (today or earlier). */
export async function dashboardAsOf(
  context: Pick<RouteContext, 'repos' | 'today' | 'campaign'>,
  asOf: string,
): Promise<Dashboard> {
  const today = context.today();
  const config = await context.campaign();
  const leadUnits = new Map(config.items.map((item) => [item.code, item.leadUnit ?? '']));
  const { zones, tasks } = await context.repos.dashboard.stateAsOf(asOf, (code) => leadUnits.get(code) ?? '', {
    current: asOf === today,
  });
  const items = config.items.filter((item) => item.applicable).map((item) => item.code);
  // A county's zones take the thread a while to read and again to count: other requests go in between.
  await nextTurn();
  return computeDashboard(zones, tasks, items, asOf, today);
}
