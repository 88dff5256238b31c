import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { runInTown, type Town } from '../../platform/towns';
import { dashboardAsOf } from '../dashboard';
import {
  compareUnitRanks,
  COUNTY_OVERDUE_LIMIT,
  type CountyOverview,
  type CountyTown,
} from '../../../shared/county/county';

/** One town's figures, overdue work and unit ranking, read in that town's schema (as its own role). */
async function countyTown(context: RouteContext, town: Town, today: string): Promise<CountyTown> {
  return runInTown(town.code, async () => {
    const campaign = await context.campaign();
    const dashboard = await dashboardAsOf(context, today);
    const unitOf = new Map(campaign.units.map((unit) => [unit.id, unit]));
    const { totals } = dashboard;
    return {
      code: town.code,
      name: town.name,
      totals: {
        zones: totals.zones,
        accepted: totals.accepted,
        overdueZones: totals.overdueZones,
        tasks: totals.tasks,
        overdueTasks: totals.overdueTasks,
        completionRate: totals.completionRate,
        onTimeRate: totals.onTimeRate,
      },
      overdueZones: dashboard.hotZones
        .slice(0, COUNTY_OVERDUE_LIMIT)
        .map((zone) => ({ id: zone.id, name: zone.name, daysLate: zone.daysLate })),
      overdueTasks: dashboard.hotTasks.slice(0, COUNTY_OVERDUE_LIMIT).map((task) => ({
        id: task.id,
        title: task.title,
        unitName: unitOf.get(task.assignedUnit)?.name ?? '',
        daysLate: task.daysLate,
      })),
      units: dashboard.units
        .map((unit) => ({
          name: unitOf.get(unit.unit)?.name ?? '',
          nameEn: unitOf.get(unit.unit)?.nameEn ?? '',
          zones: unit.zones,
          overdueZones: unit.overdueZones,
          completionRate: unit.completionRate,
          onTimeRate: unit.onTimeRate,
        }))
        .sort(compareUnitRanks),
    };
  });
}

/** The towns of the deployment, and the county overview (县级总览) of all of them side by side. */
export function registerCountyRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/towns', async (_request, reply) => {
    reply.header('Cache-Control', 'no-cache');
    return { towns: await context.towns.list() };
  });

  app.get('/api/county/overview', async (_request, reply): Promise<CountyOverview> => {
    const today = context.today();
    const towns = await context.towns.list();
    // One town after another: each in its own scope, so one pool connection at a time per request.
    const answers: CountyTown[] = [];
    for (const town of towns) answers.push(await countyTown(context, town, today));
    reply.header('Cache-Control', 'no-cache');
    return { asOf: today, towns: answers };
  });
}
