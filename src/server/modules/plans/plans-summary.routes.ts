import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { parseOr400 } from '../../platform/problem';
import { attachmentDisposition } from '../../platform/storage/file-names';
import { currentTown, SAMPLE_TOWN } from '../../platform/towns';
import { planYearQuerySchema } from '../../../shared/plans/plans';
import { planSummary, type PlanSummary } from '../../../shared/plans/summary';
import { shanghaiTimestamp } from '../../../shared/time/dates';
import { writePlanWorkbook } from './plans-workbook';

/** The year's summary of plans: every expected unit's state and the approved plans' projects (the town's plan). */
export async function summaryOf(context: RouteContext, year: number): Promise<PlanSummary> {
  const today = context.today();
  const plans = await context.repos.plans.list({ year }, today);
  const campaign = await context.campaign();
  const zoneIds = [
    ...new Set(
      plans
        .filter((plan) => plan.state === 'approved')
        .flatMap((plan) => plan.body.projects.flatMap((project) => (project.zoneId ? [Number(project.zoneId)] : []))),
    ),
  ];
  const zones = zoneIds.length ? await context.repos.zones.listZonesByIds(zoneIds, today) : [];
  const names = new Map(zones.map((zone) => [String(zone.id), zone.properties.name]));
  return planSummary(year, plans, campaign, (id) => names.get(id), today);
}

/**
 * `GET /api/plans/summary?year=` and `GET /api/plans/workbook.xlsx?year=`: the approved plans aggregated into the
 * town's plan (汇总上报) as JSON and as the county's 上报 workbook. Everyone signed in reads them.
 */
export function registerPlanSummaryRoutes(app: FastifyInstance, context: RouteContext) {
  app.get('/api/plans/summary', async (request) => {
    const { year } = parseOr400(planYearQuerySchema, request.query, 'summary query');
    return summaryOf(context, year);
  });

  app.get('/api/plans/workbook.xlsx', async (request, reply) => {
    const { year } = parseOr400(planYearQuerySchema, request.query, 'workbook query');
    const summary = await summaryOf(context, year);
    const campaign = await context.campaign();
    const town = await context.towns.find(currentTown() ?? context.towns.defaultTown);
    const items = new Map(campaign.items.map((item) => [item.code, `${item.code} ${item.name}`]));
    const units = new Map(campaign.units.map((unit) => [unit.id, unit.name]));
    const workbook = await writePlanWorkbook(summary, {
      townName: town?.name ?? SAMPLE_TOWN.name,
      itemName: (code) => items.get(code) ?? code,
      unitName: (id) => units.get(id) ?? id,
      generatedAt: shanghaiTimestamp(context.now()),
      sampleData: context.clientConfig.sampleData,
    });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', attachmentDisposition(`plans-${year}.xlsx`, `年度计划汇总-${year}.xlsx`))
      .header('Cache-Control', 'no-store')
      .send(workbook);
  });
}
