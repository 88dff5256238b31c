import type { NewAuditEntry } from '../../platform/audit';
import type { Repositories } from '../../platform/context';
import { campaignYearFor } from '../../../shared/campaign/campaign';
import { shanghaiDay } from '../../../shared/time/dates';
import type { Plan, PlanBody, PlanProject } from '../../../shared/plans/plans';
import type { PlanChange } from './plans.rows';

/** How the sample plans say they are sample data (their note, and the named persons). */
export const SAMPLE_PLAN_LABEL = '示例数据';

/**
 * The sample year's annual plans (示例数据), so a newcomer sees the plan workflow on first start: approved plans for
 * three of the four lead units (建管所's submitted after the end of February, so late), 城管中队's returned with the
 * office's comment, 绿管所's still a draft. Projects are the units' own sample zones (carried over) and one new place
 * each; budgets, persons and dates are illustrative, not the town's. Seeded once with the sample zones.
 */
export async function seedSamplePlans(repos: Repositories, now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const year = campaignYearFor(today);
  const at = (monthDay: string) => new Date(`${year}-${monthDay}T10:00:00+08:00`).toISOString();
  const audit =
    (action: string) =>
    (plan: Plan): NewAuditEntry => ({
      actorId: null,
      actorUsername: 'sample',
      action,
      targetType: 'plan',
      targetId: plan.id,
      outcome: 'ok',
      detail: { unit: plan.unit, year: plan.year, state: plan.state, sample: true },
    });

  async function bodyOf(unit: string, newPlace: { item: string; place: string; tasks: string }): Promise<PlanBody> {
    const zones = (await repos.zones.listZones({ unit }, today)).filter((zone) => zone.properties.leadUnit === unit);
    const person = (index: number) => `${['王', '李', '张', '陈'][index % 4]}工（${SAMPLE_PLAN_LABEL}）`;
    const projects: PlanProject[] = zones.slice(0, 3).map((zone, index) => ({
      key: `z${zone.id}`,
      item: zone.properties.category,
      zoneId: String(zone.id),
      place: '',
      carriedOver: index % 2 === 0,
      tasks: zone.properties.measures.slice(0, 200) || '按一区一策整治',
      person: person(index),
      responsibleUnits: zone.properties.responsibleUnits.slice(0, 3),
      budget: 20 + index * 15,
      funding: index === 1 ? 'social' : 'finance',
      due: zone.properties.plannedEnd.startsWith(String(year)) ? zone.properties.plannedEnd : `${year}-12-31`,
      milestones: [
        { phase: 1, text: '摸底建档、制订方案', due: `${year}-02-20` },
        { phase: 2, text: '完成整治并申请验收', due: `${year}-11-30` },
      ],
    }));
    projects.push({
      key: 'new1',
      item: newPlace.item,
      zoneId: null,
      place: newPlace.place,
      carriedOver: false,
      tasks: newPlace.tasks,
      person: person(3),
      responsibleUnits: [],
      budget: 12.5,
      funding: 'other',
      due: `${year}-10-31`,
      milestones: [{ phase: 2, text: '完成整治', due: `${year}-10-31` }],
    });
    return { note: `${SAMPLE_PLAN_LABEL}：本计划为示例，不代表真实计划。`, projects };
  }

  /** One unit's plan: created, then the steps, each at its date. */
  async function seed(unit: string, body: PlanBody, steps: [PlanChange['action'], string, string?][]) {
    let plan = await repos.plans.create(
      { unit, year, body, actorUserId: null },
      audit('plan_create'),
      at('01-10'),
      today,
    );
    if (!plan) return;
    for (const [action, monthDay, comment] of steps) {
      const state = action === 'submit' ? 'submitted' : action === 'return' ? 'returned' : 'approved';
      const result = await repos.plans.change(
        Number(plan.id),
        plan.version,
        { action, state, body: plan.body, comment: comment ?? null, actorUserId: null },
        audit(`plan_${action}`),
        at(monthDay),
        today,
      );
      if (!result.ok) return;
      plan = result.plan;
    }
  }

  await seed(
    'chuangjianban',
    await bodyOf('chuangjianban', { item: 'U1', place: '镇区背街小巷（示例）', tasks: '背街小巷保洁与立面整治' }),
    [
      ['submit', '02-18'],
      ['approve', '02-26'],
    ],
  );
  await seed(
    'shuilizhan',
    await bodyOf('shuilizhan', { item: 'R3', place: '村级河塘（示例）', tasks: '清淤疏浚、岸坡整治' }),
    [
      ['submit', '02-25'],
      ['approve', '03-03'],
    ],
  );
  // Submitted after the end of February: late (the 年考核 takes points off).
  await seed(
    'jianguansuo',
    await bodyOf('jianguansuo', { item: 'R5', place: '镇区在建工地（示例）', tasks: '围挡、裸土覆盖、冲洗设施' }),
    [
      ['submit', '03-06'],
      ['approve', '03-12'],
    ],
  );
  await seed(
    'chengguanzhongdui',
    await bodyOf('chengguanzhongdui', { item: 'S1', place: '锦溪大道沿线（示例）', tasks: '占道经营整治' }),
    [
      ['submit', '02-24'],
      ['return', '02-27', `${SAMPLE_PLAN_LABEL}：请补充每个项目的资金来源说明和第二阶段节点。`],
    ],
  );
  await seed(
    'lvguansuo',
    await bodyOf('lvguansuo', { item: 'R1', place: '镇区入口绿化（示例）', tasks: '补植绿化、清理杂物' }),
    [],
  );
}
