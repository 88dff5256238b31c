import * as z from 'zod/mini';
import { budgetTotal, FUNDING_SOURCES, PLAN_STATES, planDueDate, type FundingSource, type Plan } from './plans';

/**
 * The town's plan (汇总): the approved plans of a year as one list of projects in the county's layout (the 上报
 * workbook and the printable page), and each expected unit's plan state. Pure; the server fills in the zones' names.
 */

/** The columns of the 上报 workbook and the printable page, in the county's order: key, zh header, width. */
export const PLAN_SUMMARY_COLUMNS = [
  ['seq', '序号', 6],
  ['item', '整治项目', 18],
  ['leadUnit', '牵头单位', 12],
  ['responsibleUnits', '责任单位', 18],
  ['place', '项目名称/地点', 24],
  ['tasks', '整治内容', 36],
  ['person', '专人', 9],
  ['budget', '资金(万元)', 11],
  ['funding', '资金来源', 10],
  ['due', '计划完成时间', 13],
  ['carriedOver', '是否续建', 9],
] as const;
export type PlanSummaryColumn = (typeof PLAN_SUMMARY_COLUMNS)[number][0];

/** The workbook's title, "锦溪镇YYYY年度环境综合整治计划汇总表". */
export const planSummaryTitle = (townName: string, year: number) => `${townName}${year}年度环境综合整治计划汇总表`;

export const planSummaryRowSchema = z.object({
  seq: z.int(),
  planId: z.string(),
  item: z.string(),
  leadUnit: z.string(),
  responsibleUnits: z.array(z.string()),
  zoneId: z.nullable(z.string()),
  place: z.string(),
  tasks: z.string(),
  person: z.string(),
  budget: z.number(),
  funding: z.enum(FUNDING_SOURCES),
  due: z.string(),
  carriedOver: z.boolean(),
});
export type PlanSummaryRow = z.infer<typeof planSummaryRowSchema>;

export const planUnitStateSchema = z.object({
  unit: z.string(),
  planId: z.nullable(z.string()),
  state: z.nullable(z.enum(PLAN_STATES)),
  submittedAt: z.nullable(z.string()),
  late: z.boolean(),
  projects: z.int(),
  budget: z.number(),
});
export type PlanUnitState = z.infer<typeof planUnitStateSchema>;

export const planSummarySchema = z.object({
  year: z.int(),
  due: z.string(),
  /** Every lead unit of an item and every unit with a plan this year, with its plan's state (null: none). */
  units: z.array(planUnitStateSchema),
  /** The approved plans' projects, ordered by item (campaign order), then unit, then the plan's order. */
  rows: z.array(planSummaryRowSchema),
  totals: z.object({
    projects: z.int(),
    budget: z.number(),
    carriedOver: z.int(),
    byFunding: z.record(z.enum(FUNDING_SOURCES), z.number()),
  }),
  byItem: z.array(z.object({ item: z.string(), projects: z.int(), budget: z.number() })),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

/** What the summary needs of the campaign: the items in order (with lead units) and the units in order. */
export interface SummaryCampaign {
  items: readonly { code: string; leadUnit: string | null }[];
  units: readonly { id: string }[];
}

/** The year's summary from its plans (any state; only approved ones become rows); `zoneName` names a zone project. */
export function planSummary(
  year: number,
  plans: readonly Plan[],
  campaign: SummaryCampaign,
  zoneName: (zoneId: string) => string | undefined,
  today: string,
): PlanSummary {
  const ofYear = plans.filter((plan) => plan.year === year);
  const byUnit = new Map(ofYear.map((plan) => [plan.unit, plan]));
  const unitOrder = new Map(campaign.units.map((unit, index) => [unit.id, index]));
  const itemOrder = new Map(campaign.items.map((item, index) => [item.code, index]));
  const expected = new Set([
    ...campaign.items.flatMap((item) => (item.leadUnit ? [item.leadUnit] : [])),
    ...ofYear.map((plan) => plan.unit),
  ]);
  const due = planDueDate(year);
  const units = [...expected]
    .sort((a, b) => (unitOrder.get(a) ?? 999) - (unitOrder.get(b) ?? 999) || a.localeCompare(b))
    .map((unit): PlanUnitState => {
      const plan = byUnit.get(unit);
      return {
        unit,
        planId: plan?.id ?? null,
        state: plan?.state ?? null,
        submittedAt: plan?.submittedAt ?? null,
        late: plan ? plan.late : today > due,
        projects: plan?.body.projects.length ?? 0,
        budget: plan ? budgetTotal(plan.body.projects) : 0,
      };
    });
  const approved = ofYear
    .filter((plan) => plan.state === 'approved')
    .flatMap((plan) => plan.body.projects.map((project, index) => ({ plan, project, index })))
    .sort(
      (a, b) =>
        (itemOrder.get(a.project.item) ?? 999) - (itemOrder.get(b.project.item) ?? 999) ||
        (unitOrder.get(a.plan.unit) ?? 999) - (unitOrder.get(b.plan.unit) ?? 999) ||
        a.index - b.index,
    );
  const rows = approved.map(({ plan, project }, index): PlanSummaryRow => ({
    seq: index + 1,
    planId: plan.id,
    item: project.item,
    leadUnit: plan.unit,
    responsibleUnits: project.responsibleUnits,
    zoneId: project.zoneId,
    place: project.zoneId ? (zoneName(project.zoneId) ?? project.place) : project.place,
    tasks: project.tasks,
    person: project.person,
    budget: project.budget,
    funding: project.funding,
    due: project.due,
    carriedOver: project.carriedOver,
  }));
  const byFunding = Object.fromEntries(
    FUNDING_SOURCES.map((source) => [source, budgetTotal(rows.filter((row) => row.funding === source))]),
  ) as Record<FundingSource, number>;
  const items = [...new Set(rows.map((row) => row.item))];
  return {
    year,
    due,
    units,
    rows,
    totals: {
      projects: rows.length,
      budget: budgetTotal(rows),
      carriedOver: rows.filter((row) => row.carriedOver).length,
      byFunding,
    },
    byItem: items.map((item) => {
      const ofItem = rows.filter((row) => row.item === item);
      return { item, projects: ofItem.length, budget: budgetTotal(ofItem) };
    }),
  };
}
