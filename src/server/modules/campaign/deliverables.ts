import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { HttpProblem } from '../../platform/problem';
import { templateDay, type CampaignResponse, type Phase } from '../../../shared/campaign/campaign';
import {
  deliverableState,
  type DeliverableKind,
  type DeliverableProgress,
  type PhaseDeliverables,
} from '../../../shared/campaign/deliverables';
import { quarterDays } from '../../../shared/checks/checks';
import { addDays } from '../../../shared/time/dates';

/**
 * What a status function knows: the repositories, the campaign, the phase, the campaign year, today and the
 * deliverable's due day.
 */
export interface DeliverableInput {
  repos: RouteContext['repos'];
  campaign: CampaignResponse;
  phase: Phase;
  year: number;
  today: string;
  due: string;
}

/** How much of a deliverable is there, or null: the product keeps no record of it (shown as 未在系统中跟踪). */
export type DeliverableStatusFunction = (input: DeliverableInput) => Promise<DeliverableProgress | null>;

const untracked: DeliverableStatusFunction = async () => null;
/** The lead units of the applicable items: the parties of the annual plans and the 目标责任书. */
const leadUnits = (campaign: CampaignResponse) =>
  new Set(campaign.items.flatMap((item) => (item.applicable && item.leadUnit ? [item.leadUnit] : [])));
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The months (YYYY-MM) whose last day falls in [from, to]. */
function monthsEndingIn(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); ;) {
    const last = addDays(`${nextMonth(month)}-01`, -1);
    if (last > to) break;
    if (last >= from) months.push(month);
    month = nextMonth(month);
  }
  return months;
}
function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/**
 * One status function per deliverable kind (docs/domain.md, "Phases and their deliverables"). A kind the product
 * gains a record of replaces its `untracked` here with one function.
 */
export const DELIVERABLE_STATUS: Record<DeliverableKind, DeliverableStatusFunction> = {
  implementation_plan: untracked,
  leading_group: untracked,
  // 年度计划: every lead unit of an applicable item with its plan of the year approved, submitted by 2月底 (plans
  // module, docs/plans.md); a late plan, though approved, is not counted done.
  annual_plans: async ({ repos, campaign, year, today }) => {
    const leads = leadUnits(campaign);
    const approved = await repos.plans.list({ year, state: 'approved' }, today);
    const onTime = new Set(approved.filter((plan) => !plan.late).map((plan) => plan.unit));
    return { done: [...leads].filter((unit) => onTime.has(unit)).length, of: leads.size };
  },
  // 目标责任书: every lead unit with its letter of the year recorded as signed (responsibility module; a letter can
  // be signed only once its unit's plan is approved).
  responsibility_letters: async ({ repos, campaign, year }) => {
    const leads = leadUnits(campaign);
    const signed = new Set((await repos.responsibility.ofYear(year)).filter((s) => s.signed).map((s) => s.unit));
    return { done: [...leads].filter((unit) => signed.has(unit)).length, of: leads.size };
  },
  commendation: untracked,
  // 月报告: each month of the phase that has ended, with the office's 点评 of the town (the report's own figures are
  // computed by the product whenever asked, so the office's comment is what says the month was reported on).
  monthly_reports: async ({ repos, phase, today }) => {
    const months = monthsEndingIn(phase.startsOn, earlier(today, phase.endsOn));
    const commented = await Promise.all(
      months.map(async (month) =>
        (await repos.reports.listCommentary(month)).some((entry) => entry.unit === '' && entry.text.trim() !== ''),
      ),
    );
    return { done: commented.filter(Boolean).length, of: months.length, late: months.length > 0 };
  },
  // 季检查: each quarter of the phase that has ended, done when every zone has its check of the quarter.
  quarterly_checks: async ({ repos, phase, today, year }) => {
    const quarters = [1, 2, 3, 4]
      .map((n) => `${year}-Q${n}`)
      .filter((quarter) => {
        const { first, last } = quarterDays(quarter);
        return last <= earlier(today, phase.endsOn) && last >= phase.startsOn && first <= phase.endsOn;
      });
    const complete = await Promise.all(
      quarters.map(async (quarter) => {
        const overview = await repos.checks.overviewOfQuarter(quarter);
        return overview.checks.length > 0 && overview.unchecked.length === 0;
      }),
    );
    return { done: complete.filter(Boolean).length, of: quarters.length, late: quarters.length > 0 };
  },
  // The zones under way: every zone not 暂缓, done once it has started (整治中, 待验收, 已验收).
  projects_progress: async ({ repos, today }) => {
    const { zones } = await repos.dashboard.stateAsOf(today, () => '', { current: true });
    const counted = zones.filter((zone) => zone.status !== 'suspended');
    return { done: counted.filter((zone) => zone.status !== 'not_started').length, of: counted.length };
  },
  // 年考核: the product computes it from the year's data (年考核 report); final once the year is over.
  annual_assessment: async ({ year, today }) => ({ done: today > `${year}-12-31` ? 1 : 0, of: 1 }),
  // 公开通报: a bulletin published for a month of the phase.
  public_bulletin: async ({ repos, phase }) => {
    const published = await repos.bulletins.list('published');
    const inPhase = published.some(
      (bulletin) => bulletin.month >= phase.startsOn.slice(0, 7) && bulletin.month <= phase.endsOn.slice(0, 7),
    );
    return { done: inPhase ? 1 : 0, of: 1 };
  },
};

/** `GET /api/campaign/deliverables`: the campaign year's phases, what each must produce and whether it has. */
export function registerDeliverableRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/campaign/deliverables', async (_request, reply): Promise<PhaseDeliverables> => {
    const [campaign, stored] = await Promise.all([context.campaign(), context.repos.campaign.getConfig()]);
    if (!stored) throw new HttpProblem(503, 'The campaign is not configured yet');
    const today = context.today();
    const year = campaign.campaign.year;
    const phases = await Promise.all(
      campaign.phases.map(async (phase) => {
        const template = stored.config.phases.find((candidate) => candidate.seq === phase.seq);
        const deliverables = await Promise.all(
          (template?.deliverables ?? []).map(async (deliverable) => {
            const due = deliverable.due ? templateDay(deliverable.due, year) : phase.endsOn;
            const progress = await DELIVERABLE_STATUS[deliverable.kind]({
              repos: context.repos,
              campaign,
              phase,
              year,
              today,
              due,
            });
            return {
              kind: deliverable.kind,
              name: deliverable.name,
              nameEn: deliverable.nameEn,
              due,
              state: deliverableState(progress, due, today),
              done: progress?.done ?? null,
              of: progress?.of ?? null,
            };
          }),
        );
        return { ...phase, deliverables };
      }),
    );
    reply.header('Cache-Control', 'no-cache');
    return { year, today, phases };
  });
}
